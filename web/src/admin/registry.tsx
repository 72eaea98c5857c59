// The bar association's licence registry (R1a): an admin imports a CSV or JSON export, sees every
// bad row before anything is sent (the server takes all or nothing), then imports; and looks up
// one licence to see its entry and whether an account holds it.
import { useState } from 'preact/hooks';
import { cityApi, unwrap } from '../api/client';
import type { ResponseOf } from '../api/types';
import { useAction } from '../ui/hooks';
import { ErrorAlert, Page, Success, TableWrap } from '../ui/parts';
import { Answer, useAnswer } from '../ui/answer';
import { MAX_ENTRIES, readRegistryBytes, type ParsedFile } from './registry-file';

const ENCODING: Record<string, string> = { 'utf-8': 'UTF-8', gb18030: 'GBK/GB18030（Excel 的“CSV（逗号分隔）”）' };

/** One entry through a form (POST /admin/lawyer-registry/{licenseNo}): a correction needs no file. */
function EntryForm() {
  const [f, setF] = useState({ licenseNo: '', name: '', lawFirm: '', phone: '', role: 'lawyer' as 'lawyer' | 'intern', status: 'practising' as 'practising' | 'suspended' });
  const answer = useAnswer();
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) => setF({ ...f, [k]: e.currentTarget.value });
  return (
    <section aria-labelledby="entry-heading">
      <h2 id="entry-heading">新增或更正一条登记</h2>
      <form
        class="narrow"
        onSubmit={(e) => {
          e.preventDefault();
          const { licenseNo, ...body } = f;
          void answer.run(
            () =>
              unwrap(
                cityApi().POST('/admin/lawyer-registry/{licenseNo}', {
                  params: { path: { licenseNo: licenseNo.trim() } },
                  body: { ...body, name: body.name.trim(), lawFirm: body.lawFirm.trim(), phone: body.phone.trim() },
                }),
              ),
            (r) => `${r.created ? '已新增' : '已更新'}登记：${f.name.trim()}（证号 ${r.licenseNo}）。`,
          );
        }}
      >
        <label>
          证号
          <input name="entryLicenseNo" required value={f.licenseNo} onInput={set('licenseNo')} />
        </label>
        <label>
          姓名
          <input name="entryName" required maxLength={50} value={f.name} onInput={set('name')} />
        </label>
        <label>
          律师事务所
          <input name="entryLawFirm" required maxLength={100} value={f.lawFirm} onInput={set('lawFirm')} />
        </label>
        <label>
          手机号
          <input name="entryPhone" required inputMode="tel" value={f.phone} onInput={set('phone')} />
        </label>
        <label>
          身份
          <select name="entryRole" value={f.role} onChange={set('role')}>
            <option value="lawyer">执业律师</option>
            <option value="intern">实习人员</option>
          </select>
        </label>
        <label>
          状态
          <select name="entryStatus" value={f.status} onChange={set('status')}>
            <option value="practising">执业</option>
            <option value="suspended">暂停</option>
          </select>
        </label>
        <button type="submit" disabled={answer.busy}>
          保存登记
        </button>
        <Answer answered={answer} />
      </form>
    </section>
  );
}

const ROLE: Record<string, string> = { lawyer: '执业律师', intern: '实习人员' };
const STATUS: Record<string, string> = { practising: '执业', suspended: '暂停' };

export function RegistryPage() {
  const [file, setFile] = useState<{ name: string; parsed: ParsedFile; encoding: string }>();
  const [result, setResult] = useState<{ created: number; updated: number }>();
  const [licence, setLicence] = useState('');
  const [found, setFound] = useState<ResponseOf<'/admin/lawyer-registry/{licenseNo}', 'get'>>();
  const send = useAction();
  const look = useAction();
  const bad = file ? file.parsed.rows.filter((r) => r.problems.length) : [];

  return (
    <Page title="律师登记信息导入" wide>
      <p>
        导入律师协会的执业登记信息（CSV 或 JSON，一次最多 {MAX_ENTRIES} 条，按证号新增或更新）。CSV
        首行为列名：licenseNo,name,lawFirm,phone,role,status（也可用中文列名：执业证号,姓名,律师事务所,手机号,身份,状态）。
      </p>
      <label class="narrow">
        选择文件
        <input
          type="file"
          name="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            setResult(undefined);
            send.clear();
            if (!f) return setFile(undefined);
            void f.arrayBuffer().then((bytes) => {
              const parsed = readRegistryBytes(f.name, new Uint8Array(bytes));
              setFile({ name: f.name, parsed, encoding: parsed.encoding });
            });
          }}
        />
      </label>
      {file && (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">导入预览：{file.name}</h2>
          {file.parsed.fileProblems.map((p) => (
            <p role="alert" key={p} class="alert alert-error">
              {p}
            </p>
          ))}
          {file.parsed.fileProblems.length === 0 && (
            <p role="status">
              文件编码：{ENCODING[file.encoding] ?? file.encoding}。共 {file.parsed.rows.length} 条，
              {bad.length ? `${bad.length} 条有误，请修改文件后重新选择` : '全部有效'}。
            </p>
          )}
          <TableWrap label="导入预览表">
            <table class="striped">
              <thead>
                <tr>
                  <th scope="col">行</th>
                  <th scope="col">证号</th>
                  <th scope="col">姓名</th>
                  <th scope="col">律师事务所</th>
                  <th scope="col">手机号</th>
                  <th scope="col">身份</th>
                  <th scope="col">状态</th>
                  <th scope="col">问题</th>
                </tr>
              </thead>
              <tbody>
                {file.parsed.rows.slice(0, 200).map((r) => (
                  <tr key={r.row} class={r.problems.length ? 'preview-errors' : ''}>
                    <td>{r.row}</td>
                    <td>{r.entry.licenseNo}</td>
                    <td>{r.entry.name}</td>
                    <td>{r.entry.lawFirm}</td>
                    <td>{r.entry.phone}</td>
                    <td>{ROLE[r.entry.role ?? ''] ?? r.entry.role}</td>
                    <td>{STATUS[r.entry.status ?? ''] ?? r.entry.status}</td>
                    <td>{r.problems.join('；') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {file.parsed.rows.length > 200 && <p>仅显示前 200 行；有误的行共 {bad.length} 条。</p>}
          <button
            type="button"
            disabled={send.busy || file.parsed.entries.length === 0}
            onClick={() => void send.run(async () => setResult(await unwrap(cityApi().POST('/admin/lawyer-registry', { body: { entries: file.parsed.entries } }))))}
          >
            导入 {file.parsed.entries.length} 条
          </button>
          <ErrorAlert error={send.error} />
          {result && (
            <Success>
              导入完成：新增 {result.created} 条，更新 {result.updated} 条。
            </Success>
          )}
        </section>
      )}
      <EntryForm />
      <section aria-labelledby="lookup-heading">
        <h2 id="lookup-heading">查询登记信息</h2>
        <form
          class="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            void look.run(async () => setFound(await unwrap(cityApi().GET('/admin/lawyer-registry/{licenseNo}', { params: { path: { licenseNo: licence.trim() } } }))));
          }}
        >
          <label>
            证号
            <input name="lookup" required value={licence} onInput={(e) => setLicence(e.currentTarget.value)} />
          </label>
          <button type="submit" class="secondary" disabled={look.busy}>
            查询
          </button>
        </form>
        <ErrorAlert error={look.error} />
        {found && (
          <dl class="facts">
            <dt>姓名</dt>
            <dd>{found.name}</dd>
            <dt>律师事务所</dt>
            <dd>{found.lawFirm}</dd>
            <dt>手机号</dt>
            <dd>{found.phone}</dd>
            <dt>身份</dt>
            <dd>{ROLE[found.role]}</dd>
            <dt>状态</dt>
            <dd>{STATUS[found.status]}</dd>
            <dt>注册账号</dt>
            <dd>{found.accountId ?? '尚未注册'}</dd>
          </dl>
        )}
      </section>
    </Page>
  );
}

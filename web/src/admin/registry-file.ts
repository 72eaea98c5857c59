// Reading a registry export (CSV or JSON) into entries for POST /admin/lawyer-registry, with every
// problem found before anything is sent: the server refuses the whole import for one bad entry
// (SPEC §7.2), so the admin sees and fixes them first. Pure: no DOM, no network.
import { CN_MOBILE, isValidLicense } from '../../../shared/domain/accounts';
import { decodeText, parseCsv, type TextEncoding } from '../../../shared/domain/csv';
import type { BodyOf } from '../api/types';

export { parseCsv };

export type RegistryEntry = BodyOf<'/admin/lawyer-registry', 'post'>['entries'][number];

export const MAX_ENTRIES = 1000;

export interface ParsedRow {
  /** 1-based row of the file (data rows; the CSV header is row 0). */
  row: number;
  entry: Partial<Record<keyof RegistryEntry, string>>;
  problems: string[];
}

export interface ParsedFile {
  rows: ParsedRow[];
  /** Problems of the file as a whole (format, size). */
  fileProblems: string[];
  entries: RegistryEntry[];
}

const HEADERS: Record<string, keyof RegistryEntry> = {
  licenseno: 'licenseNo',
  执业证号: 'licenseNo',
  证号: 'licenseNo',
  name: 'name',
  姓名: 'name',
  lawfirm: 'lawFirm',
  律师事务所: 'lawFirm',
  phone: 'phone',
  手机号: 'phone',
  role: 'role',
  身份: 'role',
  status: 'status',
  状态: 'status',
};
const ROLES: Record<string, RegistryEntry['role']> = { lawyer: 'lawyer', 执业律师: 'lawyer', intern: 'intern', 实习人员: 'intern' };
const STATUSES: Record<string, RegistryEntry['status']> = {
  practising: 'practising',
  执业: 'practising',
  执业中: 'practising',
  suspended: 'suspended',
  暂停: 'suspended',
  停止执业: 'suspended',
};
const FIELDS: (keyof RegistryEntry)[] = ['licenseNo', 'name', 'lawFirm', 'phone', 'role', 'status'];

function check(raw: Partial<Record<keyof RegistryEntry, string>>, row: number): ParsedRow {
  const entry: Partial<Record<keyof RegistryEntry, string>> = {};
  for (const f of FIELDS) entry[f] = (raw[f] ?? '').toString().trim();
  const problems: string[] = [];
  const role = ROLES[entry.role ?? ''];
  const status = STATUSES[entry.status ?? ''];
  if (!role) problems.push('身份须为 lawyer（执业律师）或 intern（实习人员）');
  if (!status) problems.push('状态须为 practising（执业）或 suspended（暂停）');
  if (role && !isValidLicense(role, entry.licenseNo ?? '')) problems.push(role === 'lawyer' ? '执业证号须为 17 位数字' : '实习证号须为 6–20 位数字或大写字母');
  if (!entry.name || entry.name.length > 50) problems.push('姓名须为 1–50 个字');
  if (!entry.lawFirm || entry.lawFirm.length > 100) problems.push('律师事务所须为 1–100 个字');
  if (!CN_MOBILE.test(entry.phone ?? '')) problems.push('手机号须为有效的中国大陆手机号');
  if (role) entry.role = role;
  if (status) entry.status = status;
  return { row, entry, problems };
}

function finish(rows: ParsedRow[], fileProblems: string[]): ParsedFile {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const licence = r.entry.licenseNo ?? '';
    const first = seen.get(licence);
    if (licence && first !== undefined) r.problems.push(`证号与第 ${first} 行重复`);
    else if (licence) seen.set(licence, r.row);
  }
  if (rows.length === 0 && fileProblems.length === 0) fileProblems.push('文件中没有任何记录');
  if (rows.length > MAX_ENTRIES) fileProblems.push(`一次最多导入 ${MAX_ENTRIES} 条，文件中有 ${rows.length} 条`);
  const ok = fileProblems.length === 0 && rows.every((r) => r.problems.length === 0);
  return { rows, fileProblems, entries: ok ? rows.map((r) => r.entry as RegistryEntry) : [] };
}

export function parseRegistryFile(name: string, text: string): ParsedFile {
  if (/\.json$/i.test(name) || /^\s*[[{]/.test(text)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return finish([], ['JSON 格式不正确']);
    }
    const list = Array.isArray(data) ? data : (data as { entries?: unknown })?.entries;
    if (!Array.isArray(list)) return finish([], ['JSON 须为记录数组，或含 entries 数组的对象']);
    return finish(
      list.map((item, i) => check(item && typeof item === 'object' ? (item as Record<string, string>) : {}, i + 1)),
      [],
    );
  }
  const [header, ...data] = parseCsv(text);
  if (!header) return finish([], []);
  const columns = header.map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()]);
  const missing = FIELDS.filter((f) => !columns.includes(f));
  if (missing.length) return finish([], [`CSV 首行缺少列：${missing.join('、')}（应为 licenseNo,name,lawFirm,phone,role,status）`]);
  return finish(
    data.map((cells, i) => {
      const raw: Partial<Record<keyof RegistryEntry, string>> = {};
      columns.forEach((c, j) => c && (raw[c] = cells[j] ?? ''));
      return check(raw, i + 1);
    }),
    [],
  );
}

/**
 * A chosen file's bytes read as the registry: UTF-8 or GB18030/GBK (Excel's "CSV" on a Chinese
 * Windows) told apart by the bytes; a file neither decodes is one file problem, never "0 rows".
 */
export function readRegistryBytes(name: string, bytes: Uint8Array): ParsedFile & { encoding: TextEncoding } {
  const { text, encoding, readable } = decodeText(bytes);
  if (!readable) return { ...finish([], ['无法读取该文件：既不是 UTF-8 也不是 GBK 编码的文本（请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”后重试）']), encoding };
  return { ...parseRegistryFile(name, text), encoding };
}

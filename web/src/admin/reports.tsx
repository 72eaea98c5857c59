// Reports for a district and a date range (B8): per day across the district's centers, the
// utilisation of places and the attendance of due meetings as a chart, and the figures per center
// and day in a table. Committee members see their own district only.
import { useState } from 'preact/hooks';
import { districtApi, unwrap } from '../api/client';
import { config } from '../core/config';
import { useSession } from '../core/session';
import { addDays, percent, shanghaiToday } from '../ui/format';
import { useLoad } from '../ui/hooks';
import { Empty, Loaded, Page, TableWrap } from '../ui/parts';
import { DayChart } from './chart';
import { chartDays } from './report-figures';

const LAST_DISTRICT = 'lmb.reports.district';
function lastDistrict(): string | null {
  try {
    return localStorage.getItem(LAST_DISTRICT);
  } catch {
    return null;
  }
}
function rememberDistrict(id: string): void {
  try {
    localStorage.setItem(LAST_DISTRICT, id);
  } catch {
    // storage refused (private mode): the choice just is not remembered
  }
}

export function ReportsPage() {
  const session = useSession();
  const districts = config().districts;
  const own = session?.role === 'committee' ? session.district : undefined;
  // An admin opens on their own district when the account has one, else on the district they looked
  // at last (kept in this browser), and only failing both on the first district of the city.
  const known = (id: string | null | undefined) => (id && districts.some((d) => d.districtId === id) ? id : undefined);
  const [district, choose] = useState(own ?? known(session?.district) ?? known(lastDistrict()) ?? districts[0].districtId);
  const setDistrict = (id: string) => {
    rememberDistrict(id);
    choose(id);
  };
  const [to, setTo] = useState(shanghaiToday());
  const [from, setFrom] = useState(addDays(shanghaiToday(), -13));
  const state = useLoad(() => unwrap(districtApi(district).GET('/reports', { params: { query: { district, from, to } } })), [district, from, to]);
  const districtName = districts.find((d) => d.districtId === district)?.name ?? district;
  return (
    <Page title="统计报表" wide>
      <div class="toolbar">
        {own ? (
          <p class="lead">{districtName}</p>
        ) : (
          <label>
            区县
            <select name="district" value={district} onChange={(e) => setDistrict(e.currentTarget.value)}>
              {districts.map((d) => (
                <option key={d.districtId} value={d.districtId}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          起始日期
          <input type="date" name="from" value={from} onChange={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)} />
        </label>
        <label>
          截止日期
          <input type="date" name="to" value={to} onChange={(e) => e.currentTarget.value && setTo(e.currentTarget.value)} />
        </label>
      </div>
      <Loaded state={state} what="报表">
        {(report) => {
          const days = chartDays(report);
          const name = (id: string) => report.centers.find((c) => c.centerId === id)?.name ?? id;
          return (
            <>
              {days.length === 0 ? <Empty>该期间没有会见时段。</Empty> : <DayChart days={days} title={`${districtName} ${from} 至 ${to} 每日利用率与到场率`} />}
              <h2>各看守所</h2>
              <table class="striped">
                <thead>
                  <tr>
                    <th scope="col">看守所</th>
                    <th scope="col">待答复意见建议</th>
                    <th scope="col">逾期未答复</th>
                    <th scope="col">待安排紧急会见</th>
                  </tr>
                </thead>
                <tbody>
                  {report.centers.map((c) => (
                    <tr key={c.centerId}>
                      <td>{c.name}</td>
                      <td>{c.suggestionsOpen}</td>
                      <td>{c.suggestionsOverdue}</td>
                      <td>{c.urgentOpen}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2>每日明细</h2>
              <TableWrap label="每日明细表">
                <table class="striped">
                  <thead>
                    <tr>
                      <th scope="col">日期</th>
                      <th scope="col">看守所</th>
                      <th scope="col">预约</th>
                      <th scope="col">到场</th>
                      <th scope="col">迟到</th>
                      <th scope="col">未到</th>
                      <th scope="col">律师撤销</th>
                      <th scope="col">看守所撤销</th>
                      <th scope="col">提讯</th>
                      <th scope="col">名额</th>
                      <th scope="col">利用率</th>
                      <th scope="col">48 小时内安排</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.days
                      .filter((d) => d.places > 0 || d.booked > 0)
                      .map((d) => (
                        <tr key={`${d.centerId}-${d.date}`}>
                          <td>{d.date}</td>
                          <td>{name(d.centerId)}</td>
                          <td>{d.booked}</td>
                          <td>{d.attended}</td>
                          <td>{d.late}</td>
                          <td>{d.noShow}</td>
                          <td>{d.cancelledByLawyer}</td>
                          <td>{d.cancelledByCenter}</td>
                          <td>{d.interrogations}</td>
                          <td>{d.places}</td>
                          <td>{percent(d.utilisation)}</td>
                          <td>{d.urgentDue ? `${d.urgentPlacedOnTime}/${d.urgentDue}（${percent(d.urgentCompliance)}）` : '—'}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </TableWrap>
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

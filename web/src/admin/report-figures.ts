// The report chart's figures per day across a district's centers (B8), from GET /reports: pure
// arithmetic, kept apart from the page so it is tested on its own.
import type { Report } from '../api/types';

export interface ChartDay {
  date: string;
  utilisation: number | null;
  attendance: number | null;
}

/** Per day across centers: places taken ÷ places offered; attended ÷ (attended + no-shows). */
export function chartDays(report: Report): ChartDay[] {
  const byDate = new Map<string, { taken: number; places: number; attended: number; noShow: number }>();
  for (const d of report.days) {
    const day = byDate.get(d.date) ?? { taken: 0, places: 0, attended: 0, noShow: 0 };
    day.taken += d.booked - d.cancelledByLawyer - d.cancelledByCenter;
    day.places += d.places;
    day.attended += d.attended;
    day.noShow += d.noShow;
    byDate.set(d.date, day);
  }
  return [...byDate]
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([, d]) => d.places > 0)
    .map(([date, d]) => ({
      date,
      utilisation: d.places > 0 ? d.taken / d.places : null,
      attendance: d.attended + d.noShow > 0 ? d.attended / (d.attended + d.noShow) : null,
    }));
}

// The statutory public holidays of the national holiday rules (全国年节及纪念日放假办法, as revised
// in 2024), computed: lunar dates and the Qingming solar term come from tyme4ts, a maintained
// astronomical calendar library, never a hand-written lunar table. Only the holidays themselves are
// closed; the bridging days and adjusted working weekends (调休) are decided each year by the State
// Council and arrive with the official config/calendar/<year>.json, which always wins.
//
// Build-time only (tyme4ts is a devDependency): scripts/generate-provisional-calendar.ts writes what
// this computes into shared/domain/provisional-holidays.json, which the handlers read (SPEC B12), and
// test/unit/statutory-holidays.test.ts recomputes it so the committed data cannot drift.
import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';
import type { StatutoryHoliday } from '../../shared/domain/statutory-holidays';

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: SolarDay): string => `${d.getYear()}-${pad(d.getMonth())}-${pad(d.getDay())}`;

/** Every statutory holiday of a Gregorian year, ascending, one entry per day. */
export function computeStatutoryHolidays(year: number): StatutoryHoliday[] {
  const springFestival = LunarDay.fromYmd(year, 1, 1).getSolarDay();
  const days: StatutoryHoliday[] = [
    { date: `${year}-01-01`, name: '元旦' },
    // 春节: lunar New Year's Eve and the 1st to 3rd of the first lunar month.
    { date: iso(springFestival.next(-1)), name: '春节' },
    { date: iso(springFestival), name: '春节' },
    { date: iso(springFestival.next(1)), name: '春节' },
    { date: iso(springFestival.next(2)), name: '春节' },
    { date: iso(SolarTerm.fromName(year, '清明').getSolarDay()), name: '清明节' },
    { date: `${year}-05-01`, name: '劳动节' },
    { date: `${year}-05-02`, name: '劳动节' },
    { date: iso(LunarDay.fromYmd(year, 5, 5).getSolarDay()), name: '端午节' },
    { date: iso(LunarDay.fromYmd(year, 8, 15).getSolarDay()), name: '中秋节' },
    { date: `${year}-10-01`, name: '国庆节' },
    { date: `${year}-10-02`, name: '国庆节' },
    { date: `${year}-10-03`, name: '国庆节' },
  ];
  // A lunar festival can fall on another holiday (中秋 on 3 October in 2028): one entry per day.
  const byDate = new Map<string, StatutoryHoliday>();
  for (const d of days) if (d.date.startsWith(`${year}-`) && !byDate.has(d.date)) byDate.set(d.date, d);
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

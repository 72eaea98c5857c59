// The working calendar of the validated config (R9, B12): the official years of config/calendar/,
// and past them the statutory holidays of the national rules. Kept out of shared/config.ts so that
// only the handlers that decide workdays bundle the lunar-calendar library.
import { cityConfig } from './config';
import { WorkCalendar } from './domain/calendar';
import { statutoryHolidays } from './domain/statutory-holidays';

let cache: WorkCalendar | undefined;

export function workCalendar(): WorkCalendar {
  cache ??= new WorkCalendar(cityConfig().calendar, (year) => statutoryHolidays(year).map((h) => h.date));
  return cache;
}

// The working calendar of the validated config (R9, B12): the official years of config/calendar/,
// and past them the statutory holidays of the national rules, read from the generated data of
// shared/domain/statutory-holidays.ts (no lunar-calendar library at run time). A year past that data
// too follows Monday–Friday alone; shared/calendar-coverage.ts warns before either runs out.
import { cityConfig } from './config';
import { WorkCalendar } from './domain/calendar';
import { statutoryHolidays } from './domain/statutory-holidays';

let cache: WorkCalendar | undefined;

export function workCalendar(): WorkCalendar {
  cache ??= new WorkCalendar(cityConfig().calendar, (year) => statutoryHolidays(year).map((h) => h.date));
  return cache;
}

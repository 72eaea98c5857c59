// District and platform configuration: data in the repo (config/), validated here once, used by
// CDK at synth time, by the local runner at start and by handlers at cold start. Nothing else
// may read config/ directly, so an invalid file fails in one place with one message.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { calendarYearProblems, type CalendarYear } from './domain/calendar';
import { ConfigError } from './errors';

// zod/mini (the same checks and issues as zod's classic API, a fifth of its size in every bundle) with
// the English messages classic zod installs on import: what a config error said stays word for word.
z.config(en());

const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM'));
const toMinutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

// R9 (notice 三.3): arrivals 08:30–11:00 and 13:30–16:30, meetings over by 11:30 and 17:00.
export const RECEPTION_PERIODS = [
  { firstArrival: '08:30', lastArrival: '11:00', end: '11:30' },
  { firstArrival: '13:30', lastArrival: '16:30', end: '17:00' },
] as const;

const nonEmpty = () => z.string().check(z.minLength(1));
const int = () => z.number().check(z.int());

export const sessionTemplateSchema = z
  .strictObject({
    name: nonEmpty(),
    start: hhmm,
    lastAdmission: hhmm,
    end: hhmm,
  })
  .check(
    z.refine((s) => toMinutes(s.start) <= toMinutes(s.lastAdmission) && toMinutes(s.lastAdmission) < toMinutes(s.end), {
      error: 'a session needs start <= lastAdmission < end',
    }),
    z.refine(
      (s) =>
        RECEPTION_PERIODS.some(
          (p) => toMinutes(s.start) >= toMinutes(p.firstArrival) && toMinutes(s.lastAdmission) <= toMinutes(p.lastArrival) && toMinutes(s.end) <= toMinutes(p.end),
        ),
      { error: 'a session must lie inside the reception hours of R9 (08:30–11:00/11:30, 13:30–16:30/17:00)' },
    ),
  );

export const DEFAULT_SESSIONS = [
  { name: 'AM', start: '08:30', lastAdmission: '11:00', end: '11:30' },
  { name: 'PM', start: '13:30', lastAdmission: '16:30', end: '17:00' },
];

const centerIdSchema = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, 'centerId: lower-case letters, digits and dashes'));

export const centerConfigSchema = z
  .strictObject({
    centerId: centerIdSchema,
    name: nonEmpty(),
    address: nonEmpty(),
    phone: nonEmpty(),
    onlineBooking: z.boolean(),
    rooms: z.strictObject({ meeting: z.array(nonEmpty()).check(z.minLength(1)), interrogation: z.array(nonEmpty()) }),
    placesPerSession: z._default(int().check(z.positive(), z.lte(99)), 6),
    sessions: z._default(z.array(sessionTemplateSchema).check(z.minLength(1)), DEFAULT_SESSIONS),
    bookingWindowDays: z._default(int().check(z.positive(), z.lte(60)), 7),
    /** Booking closes this many minutes before session start (0 = at start). */
    bookingCutoffMinutes: z._default(int().check(z.gte(0)), 0),
    /** Free cancellation until this many minutes before session start (0 = at start). */
    freeCancelCutoffMinutes: z._default(int().check(z.gte(0)), 0),
    lateGraceMinutes: z._default(int().check(z.gte(0), z.lte(120)), 30),
    pairFutureBookingCap: z._default(int().check(z.positive(), z.lte(20)), 2),
  })
  .check(
    z.refine((c) => new Set(c.sessions.map((s) => s.name)).size === c.sessions.length, {
      error: 'session names must be unique within a center',
    }),
  );

/**
 * A table restored from PITR or an on-demand backup that the district stack serves instead of its
 * own (docs/runbook-restore.md): its name and the ARN of the stream ops enabled on it (the outbox
 * notifier reads it). Only the cloud stack reads this; local mode keeps its local table.
 */
export const restoredTableSchema = z
  .strictObject({
    tableName: z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'tableName: a DynamoDB table name')),
    streamArn: z.string().check(z.regex(/^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]+\/stream\/.+$/, 'streamArn: the LatestStreamArn of the table')),
  })
  .check(z.refine((t) => t.streamArn.includes(`:table/${t.tableName}/stream/`), { error: 'streamArn must be the stream of tableName' }));

export const districtConfigSchema = z.strictObject({
  districtId: z.string().check(z.regex(/^[a-z][a-z0-9]{1,20}$/, 'districtId: lower-case letters and digits')),
  name: nonEmpty(),
  removalPolicy: z._default(z.enum(['retain', 'destroy']), 'retain'),
  centers: z.array(centerConfigSchema).check(z.minLength(1)),
  restoredTable: z.optional(restoredTableSchema),
});

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Days before a report day is frozen into its aggregate (shared/use-cases/retention.ts); bookings must outlive it. */
export const REPORT_FREEZE_DAYS = 35;

export const DEFAULT_RETENTION = {
  bookingDaysAfterSession: 1096,
  interrogationDaysAfterSession: 1096,
  urgentRequestDaysAfterDeadline: 1096,
  releasedDetaineeDays: 1096,
  notificationDaysAfterDelivery: 90,
  accessLogDays: 180,
  auditPseudonymiseAfterDays: 365,
  auditKeepDays: 3653,
};

export const retentionSchema = z
  .strictObject({
    /** A booking and its guards and list items: this many days after its session ended. */
    bookingDaysAfterSession: int().check(z.gte(REPORT_FREEZE_DAYS + 1, `bookings must be kept longer than the ${REPORT_FREEZE_DAYS} days before their report day is frozen`)),
    /** An interrogation record and its room guard: this many days after its session ended. */
    interrogationDaysAfterSession: int().check(
      z.gte(REPORT_FREEZE_DAYS + 1, `interrogations must be kept longer than the ${REPORT_FREEZE_DAYS} days before their report day is frozen`),
    ),
    /** An urgent request that is no longer open, and the lawyer's list item of it: this many days after its deadline. */
    urgentRequestDaysAfterDeadline: int().check(
      z.gte(REPORT_FREEZE_DAYS + 1, `urgent requests must be kept longer than the ${REPORT_FREEZE_DAYS} days before their report day is frozen`),
    ),
    /** A released or transferred detainee's record, name-search items, bindings and pointers: this many days after release. */
    releasedDetaineeDays: int().check(
      z.gte(REPORT_FREEZE_DAYS + 1, `a released detainee's items must be kept longer than the ${REPORT_FREEZE_DAYS} days before their report day is frozen`),
    ),
    /** A notification (the outbox item): this many days after it was delivered. */
    notificationDaysAfterDelivery: int().check(z.positive()),
    /** API access logs (CloudWatch): one of the periods CloudWatch Logs accepts. */
    accessLogDays: int().check(
      z.refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { error: `accessLogDays must be one of ${LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs)` }),
    ),
    /** Audit records: actor, target and personal fields replaced by pseudonyms this many days after the change. */
    auditPseudonymiseAfterDays: int().check(z.positive()),
    /** R14: audit records are kept at least 6 months; they expire (TTL) only after this many days. */
    auditKeepDays: int().check(z.gte(183, 'audit records must be kept at least 183 days (R14)')),
  })
  .check(
    z.refine((r) => r.auditPseudonymiseAfterDays < r.auditKeepDays, {
      error: 'audit records must be pseudonymised before they expire (auditPseudonymiseAfterDays < auditKeepDays)',
    }),
  );

export const platformConfigSchema = z.strictObject({
  cityId: z.string().check(z.regex(/^[a-z][a-z0-9]{1,20}$/)),
  cityName: nonEmpty(),
  violationThreshold: z._default(int().check(z.positive()), 3),
  lockDays: z._default(int().check(z.positive()), 30),
  removalPolicy: z._default(z.enum(['retain', 'destroy']), 'retain'),
  throttle: z._default(z.strictObject({ rateLimit: z.number().check(z.positive()), burstLimit: int().check(z.positive()) }), { rateLimit: 50, burstLimit: 100 }),
  /**
   * Sender of notification e-mails (B7): a verified SES identity, the address itself or its domain.
   * Without it the e-mail channel is not deployed (no SES permission) and e-mails dead-letter.
   */
  notifyEmailFrom: z.optional(z.email()),
  /** How long each item kind is kept once its clock starts (PIPL Art. 19/47; docs/data-retention.md). */
  retention: z._default(retentionSchema, DEFAULT_RETENTION),
  /** R10: days a center has to answer a suggestion before it is flagged overdue. */
  suggestionReplyDays: z._default(int().check(z.positive(), z.lte(60)), 7),
});

export type CenterConfig = z.infer<typeof centerConfigSchema>;
export type DistrictConfig = z.infer<typeof districtConfigSchema>;
export type PlatformConfig = z.infer<typeof platformConfigSchema>;
export type RetentionConfig = z.infer<typeof retentionSchema>;
export type SessionTemplate = z.infer<typeof sessionTemplateSchema>;

export interface CityConfig {
  platform: PlatformConfig;
  districts: DistrictConfig[];
  /** Official working-calendar years, ascending and contiguous. */
  calendar: CalendarYear[];
}

const calendarYearSchema = z.strictObject({
  year: int().check(z.gte(2000), z.lte(2100)),
  source: nonEmpty(),
  holidays: z.array(z.string()),
  workingWeekends: z.array(z.string()),
});

function describe(file: string, error: z.core.$ZodError): string {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return `invalid config ${file}: ${issues}`;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as Error).message}`);
  }
}

/** Reads and validates config/ (or LMB_CONFIG_DIR, set in Lambda where the bundle carries a copy). */
export function loadCityConfig(dir = process.env.LMB_CONFIG_DIR ?? path.resolve(__dirname, '..', 'config')): CityConfig {
  const platformFile = path.join(dir, 'platform.json');
  const platform = platformConfigSchema.safeParse(readJson(platformFile));
  if (!platform.success) throw new ConfigError(describe(platformFile, platform.error));

  const districtDir = path.join(dir, 'districts');
  const files = readdirSync(districtDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const districts = files.map((f) => {
    const file = path.join(districtDir, f);
    const parsed = districtConfigSchema.safeParse(readJson(file));
    if (!parsed.success) throw new ConfigError(describe(file, parsed.error));
    if (`${parsed.data.districtId}.json` !== f) {
      throw new ConfigError(`invalid config ${file}: districtId "${parsed.data.districtId}" must match the file name`);
    }
    return parsed.data;
  });
  if (districts.length === 0) throw new ConfigError(`no district config in ${districtDir}`);

  const seen = new Map<string, string>();
  for (const d of districts) {
    for (const c of d.centers) {
      const other = seen.get(c.centerId);
      if (other) throw new ConfigError(`centerId "${c.centerId}" appears in both ${other} and ${d.districtId}`);
      seen.set(c.centerId, d.districtId);
    }
  }
  return { platform: platform.data, districts, calendar: loadCalendar(path.join(dir, 'calendar')) };
}

function loadCalendar(calendarDir: string): CalendarYear[] {
  const files = readdirSync(calendarDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const years = files.map((f) => {
    const file = path.join(calendarDir, f);
    const parsed = calendarYearSchema.safeParse(readJson(file));
    if (!parsed.success) throw new ConfigError(describe(file, parsed.error));
    const problems = [...calendarYearProblems(parsed.data), ...(`${parsed.data.year}.json` === f ? [] : ['year must match the file name'])];
    if (problems.length) throw new ConfigError(`invalid config ${file}: ${problems.join('; ')}`);
    return parsed.data;
  });
  years.forEach((y, i) => {
    if (i > 0 && y.year !== years[i - 1].year + 1) throw new ConfigError(`calendar years in ${calendarDir} must be contiguous: ${years[i - 1].year} is followed by ${y.year}`);
  });
  return years;
}

let cached: CityConfig | undefined;
/** The validated config, read once per process (cold start). */
export function cityConfig(): CityConfig {
  cached ??= loadCityConfig();
  return cached;
}

export interface CenterEntry extends CenterConfig {
  districtId: string;
  districtName: string;
}

export function findCenter(centerId: string, config = cityConfig()): CenterEntry | undefined {
  for (const d of config.districts) {
    const c = d.centers.find((x) => x.centerId === centerId);
    if (c) return { ...c, districtId: d.districtId, districtName: d.name };
  }
  return undefined;
}

export function allCenters(config = cityConfig()): CenterEntry[] {
  return config.districts.flatMap((d) => d.centers.map((c) => ({ ...c, districtId: d.districtId, districtName: d.name })));
}

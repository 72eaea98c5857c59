// City configuration (shared/config.ts): the repo's config/ loads with the contract's defaults, and
// each kind of invalid file is rejected at load with a ConfigError naming it.
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allCenters, cityConfig, DEFAULT_SESSIONS, findCenter, loadCityConfig } from '../../shared/config';
import { ConfigError } from '../../shared/errors';

const REPO_CONFIG = path.resolve(__dirname, '..', '..', 'config');

type Json = Record<string, any>;

function repoFiles(): { platform: Json; districts: Record<string, Json> } {
  const districts: Record<string, Json> = {};
  for (const f of readdirSync(path.join(REPO_CONFIG, 'districts')).filter((x) => x.endsWith('.json'))) {
    districts[f] = JSON.parse(readFileSync(path.join(REPO_CONFIG, 'districts', f), 'utf8'));
  }
  return { platform: JSON.parse(readFileSync(path.join(REPO_CONFIG, 'platform.json'), 'utf8')), districts };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * Writes a config dir: a copy of the repo's config/ (calendar and all) whose platform and district
 * files are the parsed copies after `change`.
 */
function configDir(change: (files: ReturnType<typeof repoFiles>) => void = () => undefined): string {
  const files = repoFiles();
  change(files);
  const dir = mkdtempSync(path.join(tmpdir(), 'lmb-config-'));
  dirs.push(dir);
  cpSync(REPO_CONFIG, dir, { recursive: true });
  rmSync(path.join(dir, 'districts'), { recursive: true });
  mkdirSync(path.join(dir, 'districts'));
  writeFileSync(path.join(dir, 'platform.json'), JSON.stringify(files.platform));
  for (const [name, content] of Object.entries(files.districts)) writeFileSync(path.join(dir, 'districts', name), JSON.stringify(content));
  return dir;
}

function loadError(dir: string): ConfigError {
  try {
    loadCityConfig(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected loadCityConfig to reject the config');
}

describe('the repository config', () => {
  const config = loadCityConfig(REPO_CONFIG);

  it('has the platform settings', () => {
    expect(config.platform).toEqual({
      cityId: 'shanghai',
      cityName: '上海市',
      retention: {
        bookingDaysAfterSession: 1096,
        interrogationDaysAfterSession: 1096,
        urgentRequestDaysAfterDeadline: 1096,
        releasedDetaineeDays: 1096,
        notificationDaysAfterDelivery: 90,
        accessLogDays: 180,
        auditPseudonymiseAfterDays: 365,
        auditKeepDays: 3653,
      },
      suggestionReplyDays: 7,
      violationThreshold: 3,
      lockDays: 30,
      removalPolicy: 'retain',
      notifyEmailFrom: 'noreply@lawyer-meetings.example.gov.cn',
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
  });

  it('has 3 districts and 4 centers, one of them not online', () => {
    expect(config.districts.map((d) => d.districtId)).toEqual(['changning', 'jiading', 'minhang']);
    const centers = allCenters(config);
    expect(centers.map((c) => c.centerId).sort()).toEqual(['changning-kss', 'jiading-kss', 'jiading-kss2', 'minhang-kss']);
    expect(centers.filter((c) => !c.onlineBooking).map((c) => c.centerId)).toEqual(['jiading-kss2']);
  });

  it.each(['changning-kss', 'jiading-kss', 'jiading-kss2', 'minhang-kss'])('%s gets the contract defaults', (centerId) => {
    const c = findCenter(centerId, config);
    expect(c).toMatchObject({
      placesPerSession: 6,
      sessions: [
        { name: 'AM', start: '08:30', lastAdmission: '11:00', end: '11:30' },
        { name: 'PM', start: '13:30', lastAdmission: '16:30', end: '17:00' },
      ],
      bookingWindowDays: 7,
      bookingCutoffMinutes: 0,
      freeCancelCutoffMinutes: 0,
      lateGraceMinutes: 30,
      pairFutureBookingCap: 2,
    });
    expect(c?.districtId).toBe(centerId.split('-')[0]);
  });

  it('findCenter answers undefined for an unknown center', () => {
    expect(findCenter('nowhere-kss', config)).toBeUndefined();
  });

  it('cityConfig() reads the same files once per process', () => {
    expect(cityConfig()).toEqual(config);
    expect(cityConfig()).toBe(cityConfig());
  });

  it('a config dir built from the repo files loads like the repo', () => {
    expect(loadCityConfig(configDir())).toEqual(config);
  });
});

describe('settings a district may change', () => {
  it('accepts sessions inside the reception hours and explicit values', () => {
    const dir = configDir((f) => {
      Object.assign(f.districts['minhang.json'].centers[0], {
        placesPerSession: 4,
        bookingWindowDays: 14,
        lateGraceMinutes: 15,
        sessions: [
          { name: 'AM1', start: '08:30', lastAdmission: '09:30', end: '10:00' },
          { name: 'AM2', start: '10:00', lastAdmission: '11:00', end: '11:30' },
          { name: 'PM', start: '14:00', lastAdmission: '16:00', end: '16:30' },
        ],
      });
    });
    const c = findCenter('minhang-kss', loadCityConfig(dir));
    expect(c).toMatchObject({ placesPerSession: 4, bookingWindowDays: 14, lateGraceMinutes: 15, pairFutureBookingCap: 2 });
    expect(c?.sessions.map((s) => s.name)).toEqual(['AM1', 'AM2', 'PM']);
  });

  it('DEFAULT_SESSIONS are the R9 reception periods', () => {
    expect(DEFAULT_SESSIONS).toEqual([
      { name: 'AM', start: '08:30', lastAdmission: '11:00', end: '11:30' },
      { name: 'PM', start: '13:30', lastAdmission: '16:30', end: '17:00' },
    ]);
  });
});

describe('invalid configs are rejected naming the file', () => {
  const session = (start: string, lastAdmission: string, end: string) => [{ name: 'X', start, lastAdmission, end }];
  const minhangSessions = (sessions: Json[]) => (f: ReturnType<typeof repoFiles>) => {
    f.districts['minhang.json'].centers[0].sessions = sessions;
  };

  it.each([
    ['a session starting at 07:00', minhangSessions(session('07:00', '10:00', '11:00')), /reception hours/],
    ['last admission after the end', minhangSessions(session('08:30', '11:20', '11:10')), /start <= lastAdmission < end/],
    ['last admission equal to the end', minhangSessions(session('08:30', '11:00', '11:00')), /start <= lastAdmission < end/],
    ['start after last admission', minhangSessions(session('10:00', '09:00', '11:00')), /start <= lastAdmission < end/],
    ['PM ending at 17:30', minhangSessions(session('13:30', '16:30', '17:30')), /reception hours/],
    ['PM admitting until 16:45', minhangSessions(session('13:30', '16:45', '17:00')), /reception hours/],
    ['AM ending at 11:45', minhangSessions(session('08:30', '11:00', '11:45')), /reception hours/],
    ['a session across lunch', minhangSessions(session('10:00', '14:00', '16:00')), /reception hours/],
    ['a session in the lunch break', minhangSessions(session('11:30', '12:00', '13:00')), /reception hours/],
    ['an evening session', minhangSessions(session('18:00', '19:00', '20:00')), /reception hours/],
    ['a time that is not HH:MM', minhangSessions(session('8:30', '11:00', '11:30')), /HH:MM/],
    ['24:00', minhangSessions(session('13:30', '16:30', '24:00')), /HH:MM/],
    ['no sessions', minhangSessions([]), /sessions/],
    [
      'two sessions of the same name',
      minhangSessions([
        { name: 'AM', start: '08:30', lastAdmission: '09:30', end: '10:00' },
        { name: 'AM', start: '10:00', lastAdmission: '11:00', end: '11:30' },
      ]),
      /session names must be unique/,
    ],
    [
      'an unknown field in a center',
      (f: ReturnType<typeof repoFiles>) => {
        f.districts['minhang.json'].centers[0].phoneBookings = true;
      },
      /phoneBookings/,
    ],
    [
      'an unknown field in a district',
      (f: ReturnType<typeof repoFiles>) => {
        f.districts['minhang.json'].region = 'south';
      },
      /region/,
    ],
    ['a misspelt field in a session', minhangSessions([{ name: 'AM', start: '08:30', lastAdmision: '11:00', lastAdmission: '11:00', end: '11:30' }]), /lastAdmision/],
    [
      'zero places',
      (f: ReturnType<typeof repoFiles>) => {
        f.districts['minhang.json'].centers[0].placesPerSession = 0;
      },
      /placesPerSession/,
    ],
    [
      'onlineBooking missing',
      (f: ReturnType<typeof repoFiles>) => {
        delete f.districts['minhang.json'].centers[0].onlineBooking;
      },
      /onlineBooking/,
    ],
    [
      'an upper-case centerId',
      (f: ReturnType<typeof repoFiles>) => {
        f.districts['minhang.json'].centers[0].centerId = 'Minhang-KSS';
      },
      /centerId/,
    ],
  ])('%s', (_label, change, reason) => {
    const dir = configDir(change);
    const error = loadError(dir);
    expect(error.message).toContain(path.join(dir, 'districts', 'minhang.json'));
    expect(error.message).toMatch(reason);
  });

  it('a districtId that does not match the file name', () => {
    const dir = configDir((f) => {
      f.districts['minhang.json'].districtId = 'xuhui';
    });
    const error = loadError(dir);
    expect(error.message).toContain(path.join(dir, 'districts', 'minhang.json'));
    expect(error.message).toMatch(/districtId "xuhui" must match the file name/);
  });

  it('a centerId used in two districts', () => {
    const dir = configDir((f) => {
      f.districts['minhang.json'].centers[0].centerId = 'jiading-kss';
    });
    const error = loadError(dir);
    expect(error.message).toMatch(/centerId "jiading-kss" appears in both/);
    expect(error.message).toContain('jiading');
    expect(error.message).toContain('minhang');
  });

  it('a centerId used twice in one district', () => {
    const dir = configDir((f) => {
      const centers = f.districts['jiading.json'].centers;
      centers[1].centerId = centers[0].centerId;
    });
    expect(loadError(dir).message).toMatch(/centerId "jiading-kss" appears in both/);
  });

  it('an unknown field in platform.json', () => {
    const dir = configDir((f) => {
      f.platform.maintenanceMode = true;
    });
    const error = loadError(dir);
    expect(error.message).toContain(path.join(dir, 'platform.json'));
    expect(error.message).toMatch(/maintenanceMode/);
  });

  it('a platform.json without cityId', () => {
    const dir = configDir((f) => {
      delete f.platform.cityId;
    });
    const error = loadError(dir);
    expect(error.message).toContain(path.join(dir, 'platform.json'));
    expect(error.message).toMatch(/cityId/);
  });

  it.each([
    [{ accessLogDays: 100 }, /accessLogDays must be one of/],
    [{ auditKeepDays: 100 }, /at least 183 days \(R14\)/],
    [{ auditPseudonymiseAfterDays: 4000 }, /pseudonymised before they expire/],
    [{ bookingDaysAfterSession: 10 }, /bookings must be kept longer than/],
    [{ releasedDetaineeDays: 0 }, /released detainee's items must be kept longer than/],
    [{ interrogationDaysAfterSession: 35 }, /interrogations must be kept longer than the 35 days/],
    [{ urgentRequestDaysAfterDeadline: 1 }, /urgent requests must be kept longer than the 35 days/],
  ])('a retention table that breaks a rule: %j', (change, message) => {
    const dir = configDir((f) => {
      f.platform.retention = { ...f.platform.retention, ...change };
    });
    const error = loadError(dir);
    expect(error.message).toContain(path.join(dir, 'platform.json'));
    expect(error.message).toMatch(message);
  });

  it('a retention table missing a kind', () => {
    const dir = configDir((f) => {
      delete f.platform.retention.notificationDaysAfterDelivery;
    });
    expect(loadError(dir).message).toMatch(/retention\.notificationDaysAfterDelivery/);
  });

  it('a district file that is not JSON', () => {
    const dir = configDir();
    const file = path.join(dir, 'districts', 'changning.json');
    writeFileSync(file, '{ "districtId": "changning", ');
    const error = loadError(dir);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/^cannot read config/);
  });

  it('a config without districts', () => {
    const dir = configDir((f) => {
      f.districts = {};
    });
    expect(loadError(dir).message).toMatch(/no district config/);
  });

  it('non-JSON files in districts/ are ignored', () => {
    const dir = configDir();
    writeFileSync(path.join(dir, 'districts', 'README.md'), '# not config');
    expect(loadCityConfig(dir).districts).toHaveLength(3);
  });
});

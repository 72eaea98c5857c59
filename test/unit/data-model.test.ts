// docs/data-model.md stays the map of the tables: every key prefix (`BOOKING#…`) and key constant
// (SK `PROFILE`) the source builds must appear in it, and every prefix it names must still be built.
// The scan (test/unit/support/key-scan.ts) reads string and template literals through the TypeScript
// parser; the fixture below shows it catches a new prefix in each form the code uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { districtTable, localTableName, platformTable } from '../../shared/tables';
import { LOCAL_IDENTITY_TABLE, LOCAL_OUTBOX_TABLE } from '../../local/local-tables';
import { documentedKeys, keyTokensIn, keyTokensOfTree, undocumented } from './support/key-scan';

const ROOT = path.resolve(__dirname, '..', '..');
/** Every folder whose code writes or reads DynamoDB items (tests excluded: their keys are the code's). */
const SOURCE_DIRS = ['shared', 'functions', 'local', 'infra', 'bench'] as const;
const doc = readFileSync(path.join(ROOT, 'docs', 'data-model.md'), 'utf8');
const tokens = keyTokensOfTree(ROOT, SOURCE_DIRS);

const FIXTURE = `
// A new item kind, written the ways the code writes keys. COMMENTED#x in a comment is no key.
const registryKey = (licenseNo: string) => ({ PK: \`REGISTRYX#\${licenseNo}\`, SK: 'ENTRYX' });
const quotaKey = (a: string, b: string) => ({ PK: \`\${a}#QUOTAX#\${b}\`, SK: \`WINDOWX#\${a}#\${b}\` });
const OPEN_PK = 'OPENINGSX';
const query = { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': OPEN_PK, ':p': 'TICKETX#' } };
const claimed = { ':gpk': 'LEASEX#sending' };
const index = { GSI3PK: \`SHELFX#\${1}\`, GSI3SK: 'SHELFX' };
const notAKey = { message: '第 #1 号', color: '#FFF', label: 'Plain text', status: 'booked' };
`;

describe('the key scan', () => {
  const found = keyTokensIn(FIXTURE, 'fixture.ts');
  const names = (kind: 'prefix' | 'constant') => [...new Set(found.filter((t) => t.kind === kind).map((t) => t.token))].sort();

  it('finds prefixes in template heads, after a # inside a template, in plain strings and in expression values', () => {
    expect(names('prefix')).toEqual(['LEASEX#', 'QUOTAX#', 'REGISTRYX#', 'SHELFX#', 'TICKETX#', 'WINDOWX#']);
  });

  it('finds whole upper-case constants given to key attributes, directly or through a const of the file', () => {
    expect(names('constant')).toEqual(['ENTRYX', 'OPENINGSX', 'SHELFX']);
  });

  it('ignores comments, identifiers and ordinary strings', () => {
    expect(found.map((t) => t.token)).not.toContain('COMMENTED#');
    expect(found.map((t) => t.token).some((t) => /FFF|Plain|booked/.test(t))).toBe(false);
  });

  it('says where each token is built', () => {
    expect(found.find((t) => t.token === 'REGISTRYX#')!.at).toBe('fixture.ts:3');
  });

  it('fails the documentation check for a new prefix or constant, and passes once the page names it', () => {
    const missing = undocumented([...tokens, ...found], doc);
    expect(missing).toEqual(
      [
        'constant ENTRYX',
        'constant OPENINGSX',
        'constant SHELFX',
        'prefix LEASEX#',
        'prefix QUOTAX#',
        'prefix REGISTRYX#',
        'prefix SHELFX#',
        'prefix TICKETX#',
        'prefix WINDOWX#',
      ].map((t) => expect.stringMatching(new RegExp(`^${t} \\(built at fixture\\.ts:\\d+`))),
    );
    const documented = `${doc}\n| registry entry | \`REGISTRYX#<licenseNo>\` | \`ENTRYX\` | \`<a>#QUOTAX#<b>\` \`WINDOWX#<a>#<b>\` \`OPENINGSX\` \`TICKETX#<n>\` \`LEASEX#sending\` \`SHELFX#<n>\` \`SHELFX\` |`;
    expect(undocumented([...tokens, ...found], documented)).toEqual([]);
  });

  it('counts a prefix as documented only inside a code span', () => {
    const plain = `${doc}\nREGISTRYX# is mentioned here in prose only.`;
    expect(
      undocumented(
        found.filter((t) => t.token === 'REGISTRYX#'),
        plain,
      ),
    ).toHaveLength(1);
  });
});

describe('docs/data-model.md', () => {
  it('is checked against a scan that finds the keys of the real code', () => {
    const prefixes = new Set(tokens.filter((t) => t.kind === 'prefix').map((t) => t.token));
    const constants = new Set(tokens.filter((t) => t.kind === 'constant').map((t) => t.token));
    for (const known of ['BOOKING#', 'SESSIONS#', 'DETAINEE#', 'LAWYER#', 'SLOT#', 'AUDIT#', 'NOTIFICATION#', 'NOTIFY#', 'LIVE#', 'DAY#', 'USER#', 'TO#']) {
      expect(prefixes).toContain(known);
    }
    for (const known of ['PROFILE', 'BOOKING', 'ADMINS', 'USERNAME', 'VIOLATION']) expect(constants).toContain(known);
    expect(prefixes.size).toBeGreaterThanOrEqual(30);
  });

  it('names every key prefix and key constant the code builds', () => {
    expect(undocumented(tokens, doc)).toEqual([]);
  });

  it('names no prefix that no code builds any more', () => {
    const built = new Set(tokens.filter((t) => t.kind === 'prefix').map((t) => t.token));
    expect([...documentedKeys(doc).prefixes].filter((p) => !built.has(p)).sort()).toEqual([]);
  });

  it('describes every table and index of shared/tables.ts and the local-only tables', () => {
    for (const def of [platformTable, districtTable]) {
      for (const index of def.indexes) {
        expect(doc).toContain(`\`${index.indexName}\``);
        expect(doc).toContain(`\`${index.partitionKey}\``);
        expect(doc).toContain(`\`${index.sortKey}\``);
      }
      if (def.ttlAttribute) expect(doc).toContain(`\`${def.ttlAttribute}\``);
    }
    expect(doc).toContain(`\`${localTableName(platformTable)}\``);
    expect(doc).toContain(`\`${localTableName(districtTable, '<districtId>')}\``);
    expect(doc).toContain(`\`${LOCAL_IDENTITY_TABLE}\``);
    expect(doc).toContain(`\`${LOCAL_OUTBOX_TABLE}\``);
    expect(doc).toContain('`PlatformTableName`');
    expect(doc).toContain('`DistrictTableName`');
  });

  it('refers to nothing outside the repository', () => {
    expect(doc).not.toMatch(/\.\.\//);
  });
});

// Unique test data for the integration tests: every test makes its own ids, so tests sharing the
// one DynamoDB Local of the run never see each other's items and can run in any order.
import { randomBytes, randomInt } from 'node:crypto';
import { localTableName, districtTable } from '../../../shared/tables';

const suffix = () => randomBytes(6).toString('hex');

export const uniqueName = (prefix: string): string => `${prefix}-${suffix()}`;

/** A 17-digit practising licence number nobody else in the run has. */
export const newLicense = (): string => `9${String(Date.now()).slice(-8)}${String(randomInt(0, 1e8)).padStart(8, '0')}`;

/** A mainland mobile number (without +86). */
export const newPhone = (): string => `13${randomInt(0, 10)}${String(randomInt(0, 1e8)).padStart(8, '0')}`;

/** The DynamoDB Local table of a district, as the global setup created it. */
export const districtTableOf = (districtId: string): string => localTableName(districtTable, districtId);

/** Runs `fn` for each item with at most `limit` in flight. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  return out;
}

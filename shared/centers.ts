// Center look-ups for handlers: a path's centerId → its district table, with the contract's 404/403.
import { findCenter, type CenterEntry } from './config';
import { districtTableName } from './adapters/dynamo';
import { NotFound } from './errors';
import { districtOfId } from './ids';
import { requireCenterScope, type Principal } from './principal';

export interface ServedCenter {
  center: CenterEntry;
  /** The district table holding this center's data. */
  table: string;
}

export function servedCenter(centerId: string): ServedCenter {
  const center = findCenter(centerId);
  if (!center) throw new NotFound('看守所不存在');
  return { center, table: districtTableName(center.districtId) };
}

/** A center the calling staff member is assigned to: unknown → 404, someone else's → 403. */
export function staffCenter(principal: Principal, centerId: string): ServedCenter {
  const served = servedCenter(centerId);
  requireCenterScope(principal, centerId);
  return served;
}

/** The district table holding a district-scoped id (see shared/ids.ts); unknown → 404. */
export function tableOfId(id: string, prefix: string, what: string): string {
  const district = districtOfId(id, prefix);
  if (!district) throw new NotFound(`${what}不存在`);
  return districtTableName(district);
}

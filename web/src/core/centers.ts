// The public list of detention centers (GET /centers), loaded once: names for ids, each center's
// district and so the API that serves it.
import { cityApi, districtApi, unwrap, type Api } from '../api/client';
import type { Center } from '../api/types';

export type CenterView = Center;

let centers: Promise<CenterView[]> | undefined;

export function loadCenters(): Promise<CenterView[]> {
  centers ??= unwrap(cityApi().GET('/centers'))
    .then((r) => r.centers)
    .catch((e: unknown) => {
      centers = undefined;
      throw e;
    });
  return centers;
}

export async function centerById(centerId: string): Promise<CenterView | undefined> {
  return (await loadCenters()).find((c) => c.centerId === centerId);
}

/** The API of the district that holds a center's data. */
export async function apiForCenter(centerId: string): Promise<Api> {
  const center = await centerById(centerId);
  return districtApi(center?.district ?? '');
}

// The city's districts and the base URL of each district's API, from /config.json. In the cloud it
// is written at deploy (infra/web-stack.ts) with each district stack's ApiUrl; locally the
// platform serves one where every district is the same origin (local/web-site.ts).
export interface DistrictEndpoint {
  districtId: string;
  name: string;
  /** Base URL of the district's HTTP API; '' = this origin. */
  apiUrl: string;
}

export interface AppConfig {
  cityName: string;
  districts: DistrictEndpoint[];
}

let loaded: AppConfig | undefined;

export async function loadConfig(): Promise<AppConfig> {
  if (loaded) return loaded;
  const res = await fetch('/config.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  const body = (await res.json()) as Partial<AppConfig>;
  if (!Array.isArray(body.districts) || body.districts.length === 0) throw new Error('config.json lists no district');
  loaded = { cityName: body.cityName ?? '', districts: body.districts.map((d) => ({ ...d, apiUrl: (d.apiUrl ?? '').replace(/\/+$/, '') })) };
  return loaded;
}

export function config(): AppConfig {
  if (!loaded) throw new Error('config not loaded');
  return loaded;
}

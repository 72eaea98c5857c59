// The environment a handler sees in local mode: the same variable names CDK sets in the cloud,
// pointing at DynamoDB Local tables. Must be applied before any handler module is loaded (the
// DocumentClient and Powertools read it at module load, as in a Lambda cold start).
import { cityConfig } from '../shared/config';
import { districtTable, localTableName, platformTable } from '../shared/tables';
import { LOCAL_AWS_ENV } from './dynamo-local';

export function localEnv(endpoint: string): Record<string, string> {
  const districts = cityConfig().districts.map((d) => d.districtId);
  return {
    ...LOCAL_AWS_ENV,
    DYNAMODB_ENDPOINT: endpoint,
    PLATFORM_TABLE: localTableName(platformTable),
    DISTRICT_TABLES: districts.map((d) => `${d}=${localTableName(districtTable, d)}`).join(','),
    POWERTOOLS_SERVICE_NAME: 'lawyer-meetings-local',
    // Nothing receives metrics or traces locally; logs stay on, quiet unless asked for.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
}

export function applyLocalEnv(endpoint: string): void {
  Object.assign(process.env, localEnv(endpoint));
}

// Scheduled every minute: retries notifications whose backoff has passed, settles deliveries that
// crashed part-way, and picks up any record a stream event missed (shared/notifications/deliver.ts).
import type { ScheduledEvent } from 'aws-lambda';
import { awsSenders } from '../shared/adapters/aws-senders';
import { districtTableName, platformTableName, servedDistricts } from '../shared/adapters/dynamo';
import { clock } from '../shared/clock';
import { deliverDue } from '../shared/notifications/deliver';
import { defineJob } from '../shared/scheduled';

export const handler = defineJob('retry-notifications', async (_event: ScheduledEvent) => {
  // A district's copy serves its district's outbox; the platform stack's copy (no district) the platform's.
  const districts = servedDistricts();
  const tables = districts.length ? districts.map(districtTableName) : [platformTableName()];
  const results: Record<string, Record<string, number>> = {};
  for (const table of tables) results[table] = await deliverDue(table, awsSenders, clock.now());
  return results;
});

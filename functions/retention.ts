// Scheduled daily per district (shared/schedules.ts): the retention job (docs/data-retention.md).
import type { ScheduledEvent } from 'aws-lambda';
import { clock } from '../shared/clock';
import { defineJob } from '../shared/scheduled';
import { retention } from '../shared/use-cases/retention';

export const handler = defineJob('retention', async (_event: ScheduledEvent) => retention(clock.now()));

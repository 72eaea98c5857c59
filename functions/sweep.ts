// Scheduled every few minutes per district (shared/schedules.ts): no-shows and day-before reminders.
import type { ScheduledEvent } from 'aws-lambda';
import { clock } from '../shared/clock';
import { defineJob } from '../shared/scheduled';
import { sweep } from '../shared/use-cases/sweep';

export const handler = defineJob('sweep', async (_event: ScheduledEvent) => sweep(clock.now()));

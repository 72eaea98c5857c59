// POST /_local/sweep and the local timer run the same sweep the cloud schedules (shared/use-cases/sweep.ts).
import { clock } from '../shared/clock';
import { asSystemJob } from '../shared/scheduled';
import { sweep, type SweepReport } from '../shared/use-cases/sweep';

export const runLocalSweep = (): Promise<SweepReport> => asSystemJob('sweep', () => sweep(clock.now()));

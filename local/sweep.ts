// POST /_local/sweep and the local timer call this. The no-show sweeper and day-before reminders
// belong to the discipline issue; until they exist this says so instead of pretending to sweep.
import { clock } from '../shared/clock';
import { shanghaiIso } from '../shared/time';

export async function runLocalSweep(): Promise<{ ran: boolean; at: string; reason: string }> {
  return { ran: false, at: shanghaiIso(clock.now()), reason: '爽约清扫与会见提醒尚未上线（见违约与通知议题）' };
}

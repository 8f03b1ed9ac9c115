import type { CdrDelayStats, Outage } from '../../contracts/observations.ts';
import { formatMs } from '../html/format.ts';

const NAME = { 'cdr-db': 'CDR database', asterisk: 'Asterisk' } as const;
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** One outage in words: when it went down, when it came back, and (for the CDR database) when rows were written again. */
export function outageLine(outage: Outage): string {
  const down = `${NAME[outage.component]} down between ${clock(outage.lastUpAt)} and ${clock(outage.downAt)} UTC`;
  if (outage.upAt === undefined) return `${down}, not back when the run stopped watching`;
  const back = `${down}, answering again at ${clock(outage.upAt)} (out ${formatMs(outage.upAt - outage.downAt)} ms)`;
  if (outage.component !== 'cdr-db') return back;
  if (outage.recoveredAt === undefined || outage.recoveryMs === undefined) return `${back}; no CDR row was written after it`;
  const recovery =
    outage.recoveryMs >= 0
      ? `rows written again ${formatMs(outage.recoveryMs)} ms after that`
      : `rows written again ${formatMs(-outage.recoveryMs)} ms before the probe saw it answer (it probes every 250 ms, each try taking up to 1 s)`;
  return `${back}; ${recovery}, from the call that hung up at ${clock(outage.recoveredAt)}`;
}

/** The hangup → CDR row delay in one line. */
export function cdrDelayLine(delay: CdrDelayStats): string {
  if (delay.measured === 0) return 'hangup → CDR row: no row was seen appear';
  return `hangup → CDR row: p50 ${formatMs(delay.p50Ms)} ms, p95 ${formatMs(delay.p95Ms)} ms, max ${formatMs(delay.maxMs)} ms over ${delay.measured} calls (table polled every ${delay.pollMs} ms)`;
}

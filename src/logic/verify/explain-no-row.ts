import type { CallRecord } from '../../contracts/call-record.ts';
import type { Outage } from '../../contracts/observations.ts';
import type { CdrVerdict } from '../../contracts/verdict.ts';

/**
 * How long after a call's hangup Asterisk may still be posting its CDR, in ms. With `batch = no` the row
 * is posted when the caller's channel is destroyed, right after the BYE is answered; on a loaded 2-core
 * machine that was measured at a few hundred ms at most (results.json `observations.cdrDelay`). A call that
 * hung up this long before the database was last seen up may have posted its row after it went down.
 */
export const CDR_POST_MARGIN_MS = 1000;

const iso = (ms: number) => new Date(ms).toISOString();
const span = (o: Outage) => `${iso(o.lastUpAt)}..${iso(o.downAt)}`;

/**
 * Why a call has no CDR row, where an observed outage explains it: a CDR database outage around its
 * hangup (`lost`), Asterisk going down while it was up (`in-flight`) or before it was dialed
 * (`not-placed`). Undefined when nothing observed explains it: the row is then simply missing.
 */
export function explainNoRow(call: Pick<CallRecord, 'timeline'>, outages: readonly Outage[]): CdrVerdict | undefined {
  const { dialRequested, ended } = call.timeline;
  for (const outage of outages) {
    if (outage.component !== 'asterisk' || dialRequested === undefined) continue;
    // Dialed between the last good probe and the first failed one: it was placed if Asterisk answered it.
    const reached = call.timeline.trying ?? call.timeline.ringing ?? call.timeline.answered;
    const placedBefore = dialRequested < outage.lastUpAt || (dialRequested < outage.downAt && reached !== undefined);
    if (placedBefore && (ended === undefined || ended >= outage.lastUpAt - CDR_POST_MARGIN_MS)) {
      return { kind: 'in-flight', outage, reason: `the call was up (dialed ${iso(dialRequested)}${ended === undefined ? '' : `, ended ${iso(ended)}`}) when Asterisk went down (${span(outage)}): a PBX that dies posts no CDR for the calls it carries` };
    }
    if (!placedBefore && (outage.upAt === undefined || dialRequested < outage.upAt)) {
      return { kind: 'not-placed', outage, reason: `Asterisk was down (went down ${span(outage)}${outage.upAt === undefined ? ', never came back' : `, back ${iso(outage.upAt)}`}) when the call was dialed at ${iso(dialRequested)}: it never reached the PBX` };
    }
  }
  if (ended === undefined) return undefined;
  for (const outage of outages) {
    if (outage.component !== 'cdr-db') continue;
    const from = outage.lastUpAt - CDR_POST_MARGIN_MS;
    const to = outage.recoveredAt ?? Infinity;
    if (ended < from || ended >= to) continue;
    const back = outage.upAt === undefined ? 'it never came back' : `it answered again ${iso(outage.upAt)}`;
    const again = outage.recoveredAt === undefined ? 'no row was written after it' : `rows were written again from ${iso(outage.recoveredAt)}`;
    return { kind: 'lost', outage, reason: `the call hung up at ${iso(ended)}, while the CDR database was out (went down ${span(outage)}, ${back}; ${again}): cdr_adaptive_odbc drops a row whose insert fails, with no retry and no spool` };
  }
  return undefined;
}

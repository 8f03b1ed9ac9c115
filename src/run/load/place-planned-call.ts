import type { AgentPool } from '../../browser/agent-pool.ts';
import type { CallRecord, PlannedCall } from '../../contracts/call-record.ts';
import { headerLinesOf } from '../../logic/plan/call-headers.ts';
import { CUSTOMER_OUTCOMES } from '../../logic/plan/customer-outcomes.ts';

export interface PlaceCallOptions {
  talkTimeMs: number;
  /** Limit for the call from click to end, in ms. */
  callTimeoutMs: number;
  /** How long the agent lets a call it is to cancel ring before sending CANCEL, in ms. */
  cancelAfterMs?: number;
  /** Ctrl-C: a call that ends after it was cut short by the shutdown. */
  signal?: AbortSignal;
}

const INTERRUPTED = 'the run was interrupted during the call';

/**
 * Places one planned call from its agent and resolves with everything observed once it has ended.
 * Never rejects: a page that fails (crashed, closed) makes the call a failed one, and the run goes on.
 */
export async function placeCall(pool: AgentPool, planned: PlannedCall, options: PlaceCallOptions): Promise<CallRecord> {
  let record: CallRecord;
  const askedAt = Date.now();
  try {
    const { browser, result } = await pool.place(planned.agent, {
      callIndex: planned.index,
      dialed: planned.dialed,
      headerLines: headerLinesOf(planned),
      talkTimeMs: options.talkTimeMs,
      timeoutMs: options.callTimeoutMs,
      ...(CUSTOMER_OUTCOMES[planned.plannedOutcome].agentCancels && options.cancelAfterMs !== undefined ? { cancelAfterMs: options.cancelAfterMs } : {}),
    });
    record = { ...planned, browser, ...result };
  } catch (error) {
    // The page stamped nothing; when the agent was asked to dial (this machine's clock, the pages' too) still
    // places the call in time, next to what was observed of the PBX.
    record = { ...planned, browser: pool.browserOf(planned.agent), outcome: 'failed', timeline: { dialRequested: askedAt }, sip: [], error: error instanceof Error ? error.message : String(error) };
  }
  // Every call says which exact browser build placed it, so a report or a later comparison never has to guess.
  const info = pool.browserInfo(record.browser);
  if (info) record = { ...record, browserVersion: info.version, ...(info.build ? { build: info.build } : {}) };
  // A call that ends after Ctrl-C was cut short by the shutdown, whatever SIP or the page said.
  if (options.signal?.aborted) return { ...record, outcome: 'interrupted', error: record.outcome === 'failed' ? INTERRUPTED : (record.error ?? INTERRUPTED) };
  return record;
}

import type { CallRecord, PlannedCall } from '../contracts/call-record.ts';
import type { AgentPool } from '../browser/agent-pool.ts';

export interface PlaceCallsOptions {
  pool: AgentPool;
  calls: readonly PlannedCall[];
  talkTimeMs: number;
  pauseBetweenCallsMs: number;
  /** Limit for one call from click to end, in ms. */
  callTimeoutMs: number;
  signal?: AbortSignal;
  /** Called as each call ends, before the next one of that agent starts. */
  onCallEnded: (call: CallRecord) => Promise<void>;
}

/**
 * Every agent places its calls one after another; agents run side by side. Stops starting new calls
 * when the signal aborts, and lets the calls in flight end.
 */
export async function placeCalls(options: PlaceCallsOptions): Promise<CallRecord[]> {
  const byAgent = new Map<string, PlannedCall[]>();
  for (const call of options.calls) {
    const queue = byAgent.get(call.agent);
    if (queue) queue.push(call);
    else byAgent.set(call.agent, [call]);
  }
  const done: CallRecord[] = [];
  await Promise.all(
    [...byAgent.values()].map(async (queue) => {
      for (const [i, planned] of queue.entries()) {
        if (options.signal?.aborted) return;
        if (i > 0 && options.pauseBetweenCallsMs > 0) await new Promise((r) => setTimeout(r, options.pauseBetweenCallsMs));
        const record = await placeOne(options, planned);
        done.push(record);
        await options.onCallEnded(record);
      }
    }),
  );
  return done.sort((a, b) => a.index - b.index);
}

const INTERRUPTED = 'the run was interrupted during the call';

async function placeOne(options: PlaceCallsOptions, planned: PlannedCall): Promise<CallRecord> {
  let record: CallRecord;
  try {
    const result = await options.pool.place(planned.agent, {
      callIndex: planned.index,
      dialed: planned.dialed,
      headers: planned.headers,
      talkTimeMs: options.talkTimeMs,
      timeoutMs: options.callTimeoutMs,
    });
    record = { ...planned, browser: options.pool.browserId, ...result };
  } catch (error) {
    // The page itself failed (crashed, closed): the call is recorded as failed, the run goes on.
    record = { ...planned, browser: options.pool.browserId, outcome: 'failed', timeline: {}, sip: [], error: error instanceof Error ? error.message : String(error) };
  }
  // A call that ends after Ctrl-C was cut short by the shutdown, whatever SIP or the page said.
  if (options.signal?.aborted) return { ...record, outcome: 'interrupted', error: record.outcome === 'failed' ? INTERRUPTED : (record.error ?? INTERRUPTED) };
  return record;
}

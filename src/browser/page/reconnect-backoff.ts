/** How an agent spaces its attempts to reconnect to a PBX that went away. */
export interface ReconnectBackoff {
  /** Delay before the first attempt, in ms. Default 250: a PBX restart takes seconds, a dropped socket is back at once. */
  initialMs: number;
  /** Each further delay is this many times the one before. Default 2. */
  factor: number;
  /**
   * Upper bound of any delay, in ms. Default 2000: an agent notices a PBX that came back within 2 s,
   * while 50 agents of a page retrying against a PBX still down stay at 25 attempts a second.
   */
  maxMs: number;
}

export const DEFAULT_RECONNECT_BACKOFF: ReconnectBackoff = { initialMs: 250, factor: 2, maxMs: 2000 };

/**
 * Delay before reconnect attempt `attempt` (0 for the first), in ms: exponential, capped at `maxMs`, and
 * spread over its upper half by `random` (a number in [0, 1)) so the agents of a page do not all knock at
 * the same moment when the PBX comes back.
 */
export function reconnectDelayMs(attempt: number, random: number, backoff: ReconnectBackoff = DEFAULT_RECONNECT_BACKOFF): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`reconnect attempt must be a whole number from 0, got ${attempt}`);
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt);
  return Math.round(ceiling * (0.5 + 0.5 * Math.min(Math.max(random, 0), 1)));
}

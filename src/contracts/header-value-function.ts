import type { HeaderValue } from './header-map.ts';

/** What a scenario's `headerValues` function receives for each call. */
export interface HeaderValueContext {
  /** 0-based index of the call in the run. */
  index: number;
  /** Agent placing the call, e.g. `agent003`. */
  agent: string;
  /** The run's id, unique per run. */
  runId: string;
}
/**
 * A call's header values: mapped header → value. A value given as an array sends the header once per element;
 * a name that differs from a mapped header only in letter case is sent as written and counts as that header.
 */
export type HeaderValueFn = (call: HeaderValueContext) => Record<string, HeaderValue>;

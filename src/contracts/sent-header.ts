/** One header line of a call's INVITE as it was sent: the name as written (in any letter case) and its value. */
export interface SentHeader {
  name: string;
  value: string;
}

/**
 * A header's value in a scenario's `headerValues` or a `--header-values` line: one value, or several, in which
 * case the header is sent once per value, in order (`{ 'X-Tag': ['a', 'b'] }` sends two `X-Tag` lines).
 */
export type HeaderValue = string | readonly string[];

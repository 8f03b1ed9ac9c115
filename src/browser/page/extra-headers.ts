import type { SentHeader } from '../../contracts/call-record.ts';
import { quoteValue, unsendableReason } from '../../logic/plan/header-value-rules.ts';

/**
 * The INVITE's extra header lines for SIP.js, `Name: value` each. SIP.js writes them into the message as
 * they are, so a value with CR or LF would end its header and start another: the harness refuses such
 * values before the run starts, and this refuses them again here, so no path hands SIP.js one. (Names are
 * mapped headers' names in some letter case, token characters only, checked when the scenario loads.)
 */
export function extraHeaders(lines: readonly SentHeader[]): string[] {
  return lines.map(({ name, value }) => {
    const reason = unsendableReason(value);
    if (reason !== undefined) throw new Error(`refused to send ${name}: ${quoteValue(value)} ${reason}`);
    return `${name}: ${value}`;
  });
}

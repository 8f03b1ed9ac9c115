import type { PlannedCall } from '../contracts/call-record.ts';

/** The value the call sent in its key header, or undefined when it sent none. */
export function keyValueOf(call: PlannedCall, keyHeader: string): string | undefined {
  return call.headers[keyHeader];
}

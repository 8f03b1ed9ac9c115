import type { PlannedCall, SentHeader } from '../../contracts/call-record.ts';
import { CallcheckError } from '../../contracts/errors.ts';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import { quoteValue, unsendableReason } from './header-value-rules.ts';

/** What a call sends, as its record carries it (see PlannedCall). */
export type CallHeaders = Pick<PlannedCall, 'headers' | 'headerLines'>;

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Turns one call's header values, as a scenario or a `--header-values` line gives them, into what the call
 * sends. A name that differs from a mapped header only in letter case counts as that header and is sent as
 * written; an array sends the header once per element. Refuses, naming `where` (the call or the file's
 * line), a header the map does not have, one header given under two names, a value that is not a string,
 * an empty array, a key header sent other than once, and any value that cannot be sent safely.
 */
export function resolveCallHeaders(values: Readonly<Record<string, unknown>>, mappings: readonly HeaderMapping[], key: HeaderMapping, where: string): CallHeaders {
  const headers: Record<string, string> = {};
  const lines: SentHeader[] = [];
  const nameOf = new Map<string, string>();
  let plain = true;
  for (const [name, given] of Object.entries(values)) {
    const mapping = mappings.find((m) => sameName(m.header, name));
    if (!mapping) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: header "${name}" is not in the scenario's header map`, {
        hint: `use one of ${mappings.map((m) => m.header).join(', ')} (in any letter case), or map "${name}" to a column`,
      });
    }
    const earlier = nameOf.get(mapping.header);
    if (earlier !== undefined) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: "${earlier}" and "${name}" are the same header ${mapping.header} (header names are case-insensitive)`, {
        hint: `give ${mapping.header} once; to send it several times, give an array of values`,
      });
    }
    nameOf.set(mapping.header, name);
    const list = valuesOf(given, name, where);
    if (mapping === key && list.length !== 1) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: the key header ${name} has ${list.length} values; it is sent exactly once, since calls are matched to CDR rows by it`, {
        hint: `give ${name} one string per call`,
      });
    }
    list.forEach((value, i) => {
      const reason = unsendableReason(value);
      if (reason) {
        const which = list.length > 1 || Array.isArray(given) ? `value ${i + 1} of ${name}` : `value of ${name}`;
        throw new CallcheckError('UNSENDABLE_HEADER_VALUE', `${where}: ${which} ${quoteValue(value)} ${reason}`, {
          hint: 'remove the control characters from the value in your CRM export',
        });
      }
      lines.push({ name, value });
    });
    if (name !== mapping.header || list.length > 1) plain = false;
    if (list.length === 1) headers[mapping.header] = list[0] as string;
  }
  return plain ? { headers } : { headers, headerLines: lines };
}

function valuesOf(given: unknown, name: string, where: string): string[] {
  if (typeof given === 'string') return [given];
  if (Array.isArray(given) && given.every((v) => typeof v === 'string')) {
    if (given.length === 0) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: ${name} is an empty array`, { hint: `leave ${name} out to send no such header, or give at least one value` });
    }
    return given as string[];
  }
  throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: value of "${name}" must be a string or an array of strings, got ${JSON.stringify(given) ?? typeof given}`, {
    hint: 'quote every value; give an array to send the header several times',
  });
}

/** Every header line the call's INVITE carries, in order. */
export function headerLinesOf(call: CallHeaders): SentHeader[] {
  return call.headerLines ?? Object.entries(call.headers).map(([name, value]) => ({ name, value }));
}

/** The values the call sent in a mapped header, under any letter case, in the order sent. */
export function sentValuesOf(call: CallHeaders, header: string): string[] {
  return headerLinesOf(call).filter((line) => sameName(line.name, header)).map((line) => line.value);
}

import type { CdrRow } from '../contracts/cdr-row.ts';
import type { HeaderMapping } from '../contracts/header-map.ts';

const text = (v: unknown): string => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
const int = (v: unknown): number => (typeof v === 'number' ? v : Number.parseInt(text(v), 10) || 0);

/** Turns a raw row of the CDR table into a CdrRow: the standard fields typed, the mapped columns by name. */
export function toCdrRow(raw: Record<string, unknown>, mappings: readonly HeaderMapping[]): CdrRow {
  const mapped: Record<string, string | null> = {};
  for (const m of mappings) {
    const v = raw[m.column];
    mapped[m.column] = v === null || v === undefined ? null : text(v);
  }
  return {
    calldate: text(raw['calldate']),
    src: text(raw['src']),
    dst: text(raw['dst']),
    dcontext: text(raw['dcontext']),
    channel: text(raw['channel']),
    disposition: text(raw['disposition']),
    duration: int(raw['duration']),
    billsec: int(raw['billsec']),
    uniqueid: text(raw['uniqueid']),
    mapped,
  };
}

import { defineScenario, type HeaderValue } from '../src/index.ts';

/** One call of the scenario: what it sends besides its key. */
export interface HeaderValueCase {
  name: string;
  /** Header values of the call, the key left out (it is added, unique per call). */
  headers: Record<string, HeaderValue>;
  /** The name the key header is sent under. Default `X-CRM-Id`. */
  keyHeader?: string;
}

/** Length of the note column: short, so values at and past it are easy to read. */
export const NOTE_LENGTH = 32;
/** Length of the long column: the longest a mapped column may be, where Asterisk's own limits are. */
export const LONG_LENGTH = 1024;

const digits = (n: number): string => Array.from({ length: n }, (_, i) => String(i % 10)).join('');

/**
 * The values that break things, one case per call, each in X-Note (32 characters) or X-Long (1024) so the
 * key, X-CRM-Id, stays intact and every call can be matched to its row whatever happens to the value tested.
 */
export const HEADER_VALUE_CASES: readonly HeaderValueCase[] = [
  { name: 'sql-specials', headers: { 'X-Note': `' " ; -- \\ % _` } },
  { name: 'sql-drop-table', headers: { 'X-Note': `'; DROP TABLE cdr; --` } },
  { name: 'dialplan-variable', headers: { 'X-Note': '${EXTEN}' } },
  { name: 'dialplan-expression', headers: { 'X-Note': '$[1+1]' } },
  { name: 'dialplan-shell', headers: { 'X-Note': '${SHELL(id)}' } },
  { name: 'dialplan-separators', headers: { 'X-Note': 'a,b|c)(=d' } },
  { name: 'emoji', headers: { 'X-Note': '📞☎️🙂' } },
  { name: 'right-to-left', headers: { 'X-Note': 'שלום مرحبا' } },
  { name: 'combining-marks', headers: { 'X-Note': 'e\u0301 n\u0303 a\u0308' } },
  { name: 'four-byte-character', headers: { 'X-Note': '𝄞' } },
  { name: 'exact-length', headers: { 'X-Note': digits(NOTE_LENGTH) } },
  { name: 'one-past-length', headers: { 'X-Note': digits(NOTE_LENGTH + 1) } },
  { name: 'multibyte-past-length', headers: { 'X-Note': `${'a'.repeat(NOTE_LENGTH - 1)}€€` } },
  { name: 'exact-length-four-byte', headers: { 'X-Note': '𝄞'.repeat(NOTE_LENGTH) } },
  { name: 'one-past-length-four-byte', headers: { 'X-Note': '𝄞'.repeat(NOTE_LENGTH + 1) } },
  { name: 'multibyte-straddles-bytes', headers: { 'X-Note': `${'a'.repeat(NOTE_LENGTH * 4 - 2)}€` } },
  { name: 'empty', headers: { 'X-Note': '' } },
  { name: 'absent', headers: {} },
  { name: 'sent-twice', headers: { 'X-Note': ['first', 'second'] } },
  { name: 'other-letter-case', headers: { 'x-note': 'lower-case name' } },
  { name: 'key-other-letter-case', headers: { 'X-Note': 'key sent as x-crm-id' }, keyHeader: 'x-crm-id' },
  { name: 'long-1023-bytes', headers: { 'X-Long': digits(1023) } },
  { name: 'long-1024-bytes', headers: { 'X-Long': digits(1024) } },
  { name: 'long-1025-bytes', headers: { 'X-Long': digits(1025) } },
  { name: 'long-multibyte-straddles-1024', headers: { 'X-Long': `${digits(1022)}€` } },
];

/**
 * Header values that break things: SQL and dialplan syntax, unicode, values at and past the column's length,
 * empty, absent, sent twice, in another letter case. Every call is matched on its own X-CRM-Id; what each
 * value becomes in its column is what the verifier expects (see the README, "Header values that break things").
 */
export default defineScenario({
  name: 'header-values',
  description: 'one call per header value that breaks things, each checked against what lands in the CDR',
  headers: {
    'X-CRM-Id': 'crm_id',
    'X-Note': { column: 'note', length: NOTE_LENGTH },
    'X-Long': { column: 'long_note', length: LONG_LENGTH },
  },
  matchOn: 'X-CRM-Id',
  agents: 5,
  agentsPerPage: 5,
  callsPerAgent: HEADER_VALUE_CASES.length / 5,
  ringTimeMs: 100,
  talkTimeMs: 1200,
  headerValues: ({ index, runId }) => {
    const call = HEADER_VALUE_CASES[index];
    if (call === undefined) throw new Error(`the scenario has ${HEADER_VALUE_CASES.length} cases, not ${index + 1}`);
    return { [call.keyHeader ?? 'X-CRM-Id']: `HV-${runId}-${String(index + 1).padStart(2, '0')}`, ...call.headers };
  },
});

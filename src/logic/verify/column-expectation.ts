/**
 * What a header value becomes in its CDR column on the way Asterisk 22 writes it: the dialplan's
 * `Set(CDR(column)=${PJSIP_HEADER(read,Header)})`, then cdr_adaptive_odbc's INSERT into a utf8mb4
 * `VARCHAR(length)` column of a database in strict mode (MariaDB's and MySQL's default `sql_mode`).
 *
 * Each step, as observed on callcheck's stack (Asterisk 22.10.1, odbc-mariadb, MariaDB 11.8; see
 * tests/e2e/header-values.test.ts) and as Asterisk says: cdr/cdr_adaptive_odbc.c (odbc_log) and the
 * PJSIP_HEADER documentation (docs.asterisk.org, Dialplan_Functions/PJSIP_HEADER: "number ... defaults to
 * '1' meaning the first matching header"):
 * - PJSIP_HEADER(read,Name) finds the header whatever its letter case and reads its first occurrence;
 *   the value reaches the dialplan whole (1025 bytes and more) and is never evaluated again, so `${EXTEN}`
 *   or `$[1+1]` land as written.
 * - An empty or absent header leaves the CDR variable empty, and cdr_adaptive_odbc writes NULL.
 * - cdr_adaptive_odbc reads the variable into a 1024-byte buffer (`char colbuf[1024]`): at most 1023 bytes.
 * - It then cuts the value to the column's octet length, `CHAR_OCTET_LENGTH` from the driver: 4 bytes per
 *   character of a utf8mb4 VARCHAR. Both cuts count bytes and may fall inside a multi-byte character.
 * - It writes the value into the INSERT as a quoted literal, doubling `'` and `\`: SQL in a value stays text.
 * - The database refuses a value with more characters than the column holds, or a cut character (invalid
 *   UTF-8); cdr_adaptive_odbc logs "Insert failed" and drops the row: no retry, no spool.
 */

/** cdr_adaptive_odbc's buffer for one CDR variable, terminator included. */
export const CDR_VARIABLE_BUFFER_BYTES = 1024;
/** Bytes per character of a utf8mb4 column: what the ODBC driver reports as its octet length. */
export const UTF8MB4_BYTES_PER_CHARACTER = 4;

/** A value's length as both counts that matter: the cuts count bytes, the column counts characters. */
export interface ValueLength {
  characters: number;
  bytes: number;
}

export type ColumnExpectation =
  /** The row is written and the column holds `value` (null: NULL). `cut` says how, when it is not what was sent. */
  | { kind: 'stored'; value: string | null; cut?: { from: ValueLength; to: ValueLength; cause: string } }
  /** The database refuses the row, and it is lost. */
  | { kind: 'refused'; cause: string };

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function lengthOf(value: string): ValueLength {
  return { characters: [...value].length, bytes: encoder.encode(value).length };
}

/**
 * What lands in a `VARCHAR(length)` utf8mb4 column for a header sent with `sent` (its values in the order
 * sent; none when the header was absent).
 */
export function columnExpectation(sent: readonly string[], length: number): ColumnExpectation {
  const value = sent[0];
  if (value === undefined || value === '') return { kind: 'stored', value: null };
  const octets = length * UTF8MB4_BYTES_PER_CHARACTER;
  let bytes = encoder.encode(value);
  const causes: string[] = [];
  if (bytes.length > CDR_VARIABLE_BUFFER_BYTES - 1) {
    bytes = bytes.subarray(0, CDR_VARIABLE_BUFFER_BYTES - 1);
    causes.push(`cdr_adaptive_odbc reads a CDR variable into a ${CDR_VARIABLE_BUFFER_BYTES}-byte buffer and keeps ${CDR_VARIABLE_BUFFER_BYTES - 1} bytes of it`);
  }
  if (bytes.length > octets) {
    bytes = bytes.subarray(0, octets);
    causes.push(`cdr_adaptive_odbc cuts a value to its column's octet length, ${octets} bytes for VARCHAR(${length}) in utf8mb4`);
  }
  let stored: string;
  try {
    stored = strictDecoder.decode(bytes);
  } catch {
    return {
      kind: 'refused',
      cause: `${causes.join('; ')}; the cut at byte ${bytes.length} falls inside a multi-byte character, and the database refuses the broken UTF-8: cdr_adaptive_odbc drops the row`,
    };
  }
  const to = lengthOf(stored);
  if (to.characters > length) {
    return {
      kind: 'refused',
      cause: `the value has ${to.characters} characters${causes.length > 0 ? ' after the cut' : ''} and the column holds ${length}: the database (strict mode) refuses the row and cdr_adaptive_odbc drops it, since it cuts by bytes only`,
    };
  }
  if (causes.length === 0) return { kind: 'stored', value };
  return { kind: 'stored', value: stored, cut: { from: lengthOf(value), to, cause: causes.join('; ') } };
}

/** "truncated from 1025 to 1023 bytes" or, where characters and bytes differ, "… bytes (33 to 32 characters)". */
export function truncationInWords(cut: { from: ValueLength; to: ValueLength; cause: string }): string {
  const chars = cut.from.characters === cut.from.bytes && cut.to.characters === cut.to.bytes ? '' : ` (${cut.from.characters} to ${cut.to.characters} characters)`;
  return `truncated from ${cut.from.bytes} to ${cut.to.bytes} bytes${chars}: ${cut.cause}`;
}

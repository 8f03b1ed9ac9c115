import { z } from 'zod';
import { STANDARD_CDR_COLUMNS } from './cdr-row.ts';

/** RFC 3261 `token` characters, the only ones allowed in a header name. */
const HEADER_NAME = /^[A-Za-z0-9!%'*+\-.^_`|~]+$/;
/** A column or table name that needs no quoting in MySQL nor in Asterisk's CDR() function. */
export const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,63}$/;

/** Headers Asterisk or SIP.js own; mapping them would change how the call is routed or authenticated. */
const RESERVED_HEADERS = new Set([
  'via', 'from', 'to', 'call-id', 'cseq', 'contact', 'max-forwards', 'content-type', 'content-length',
  'authorization', 'proxy-authorization', 'route', 'record-route', 'user-agent', 'allow', 'supported',
]);

export const DEFAULT_COLUMN_LENGTH = 64;

/** One mapped header: the CDR column its value lands in, and that column's VARCHAR length. */
export const headerMappingSchema = z.object({
  header: z.string(),
  column: z.string(),
  /** VARCHAR length of the column, in characters. Default 64. */
  length: z.number().int().min(1),
});
export type HeaderMapping = z.infer<typeof headerMappingSchema>;

const mappingValue = z.union([
  z.string().regex(SQL_IDENTIFIER, 'column names are lower-case letters, digits and _, at most 64, not starting with a digit'),
  z.object({
    column: z.string().regex(SQL_IDENTIFIER, 'column names are lower-case letters, digits and _, at most 64, not starting with a digit'),
    length: z.number().int().min(1).max(1024).default(DEFAULT_COLUMN_LENGTH),
  }),
]);

/**
 * The header map as written in a scenario: `{ 'X-CRM-Id': 'crm_id' }` or
 * `{ 'X-CRM-Id': { column: 'crm_id', length: 32 } }`. It is the single source of truth for the dialplan,
 * the CDR schema, the headers agents send and what the verifier expects.
 */
export const headerMapSchema = z
  .record(z.string(), mappingValue)
  .superRefine((map, ctx) => {
    const names = Object.keys(map);
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'map at least one header to a column' });
    const seenHeaders = new Set<string>();
    const seenColumns = new Set<string>();
    for (const [header, value] of Object.entries(map)) {
      const column = typeof value === 'string' ? value : value.column;
      if (!HEADER_NAME.test(header)) {
        ctx.addIssue({ code: 'custom', path: [header], message: `"${header}" is not a valid SIP header name (RFC 3261 token characters only)` });
      }
      if (header.length === 1) {
        ctx.addIssue({ code: 'custom', path: [header], message: `"${header}" is the compact form of a SIP header (i is Call-ID, f is From...); map a custom header such as X-Name` });
      } else if (RESERVED_HEADERS.has(header.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: [header], message: `"${header}" is a header SIP itself uses; map a custom header such as X-${header}` });
      }
      if (seenHeaders.has(header.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: [header], message: `header "${header}" is mapped twice (header names are case-insensitive)` });
      }
      seenHeaders.add(header.toLowerCase());
      if (Object.hasOwn(STANDARD_CDR_COLUMNS, column)) {
        ctx.addIssue({ code: 'custom', path: [header], message: `column "${column}" is a standard CDR column; choose another name` });
      }
      if (seenColumns.has(column)) {
        ctx.addIssue({ code: 'custom', path: [header], message: `column "${column}" is the target of two headers` });
      }
      seenColumns.add(column);
    }
  });

export type HeaderMapInput = z.input<typeof headerMapSchema>;

/** Normalises a validated header map into an ordered list of mappings. */
export function toMappings(map: z.output<typeof headerMapSchema>): HeaderMapping[] {
  return Object.entries(map).map(([header, value]) =>
    typeof value === 'string'
      ? { header, column: value, length: DEFAULT_COLUMN_LENGTH }
      : { header, column: value.column, length: value.length },
  );
}

/**
 * A header's value in a scenario's `headerValues` or a `--header-values` line: one value, or several, in which
 * case the header is sent once per value, in order (`{ 'X-Tag': ['a', 'b'] }` sends two `X-Tag` lines).
 */
export type HeaderValue = string | readonly string[];

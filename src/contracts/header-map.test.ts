import { describe, expect, it } from 'vitest';
import { STANDARD_CDR_COLUMNS } from './cdr-row.ts';
import { DEFAULT_COLUMN_LENGTH, headerMapSchema, toMappings } from './header-map.ts';

/** The issues of a rejected map as `path: message` lines; [] when the map is accepted. */
function issuesOf(input: unknown): string[] {
  const result = headerMapSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

describe('headerMapSchema', () => {
  it('accepts string and object mappings and fills the default length', () => {
    const parsed = headerMapSchema.parse({ 'X-CRM-Id': 'crm_id', 'X-Campaign': { column: 'campaign', length: 32 }, 'X-Team': { column: 'team' } });
    expect(parsed).toEqual({
      'X-CRM-Id': 'crm_id',
      'X-Campaign': { column: 'campaign', length: 32 },
      'X-Team': { column: 'team', length: DEFAULT_COLUMN_LENGTH },
    });
  });

  it('rejects an empty map', () => {
    expect(issuesOf({})).toEqual([': map at least one header to a column']);
  });

  it.each([['X CRM'], ['X-CRM:Id'], ['X-CRM-Ïd'], ['']])('rejects the header name %j, naming it', (header) => {
    const issues = issuesOf({ [header]: 'crm_id' });
    expect(issues).toEqual([`${header}: "${header}" is not a valid SIP header name (RFC 3261 token characters only)`]);
  });

  it('accepts every RFC 3261 token punctuation character in a header name', () => {
    expect(issuesOf({ "X-a!%'*+.^_`|~": 'crm_id' })).toEqual([]);
  });

  it.each([['Call-ID'], ['call-id'], ['CSeq'], ['From'], ['Contact'], ['Authorization'], ['User-Agent']])('rejects the reserved header %s', (header) => {
    expect(issuesOf({ [header]: 'crm_id' })).toEqual([`${header}: "${header}" is a header SIP itself uses; map a custom header such as X-${header}`]);
  });

  it('rejects a header mapped twice under names differing only in case, on the second one', () => {
    expect(issuesOf({ 'X-CRM-Id': 'crm_id', 'X-Crm-ID': 'crm_id2' })).toEqual([
      'X-Crm-ID: header "X-Crm-ID" is mapped twice (header names are case-insensitive)',
    ]);
  });

  it.each(Object.keys(STANDARD_CDR_COLUMNS))('rejects the standard CDR column %s as a target', (column) => {
    expect(issuesOf({ 'X-CRM-Id': column })).toEqual([`X-CRM-Id: column "${column}" is a standard CDR column; choose another name`]);
  });

  it('rejects two headers written to one column, in either form', () => {
    expect(issuesOf({ 'X-A': 'shared', 'X-B': { column: 'shared', length: 10 } })).toEqual([
      'X-B: column "shared" is the target of two headers',
    ]);
  });

  it.each([['CRM_ID'], ['1crm'], ['crm-id'], ['crm id'], [''], ['a'.repeat(65)]])('rejects the column name %j', (column) => {
    const stringForm = issuesOf({ 'X-CRM-Id': column });
    const objectForm = issuesOf({ 'X-CRM-Id': { column } });
    expect(stringForm.length).toBeGreaterThan(0);
    expect(objectForm.length).toBeGreaterThan(0);
    expect(stringForm.join('\n')).toContain('column names are lower-case letters, digits and _');
  });

  it('accepts column names of 1 and 64 characters, starting with _ or a letter', () => {
    expect(issuesOf({ 'X-A': 'a', 'X-B': `_${'b'.repeat(63)}`, 'X-C': 'c9_x' })).toEqual([]);
  });

  it('bounds the column length to 1..1024 whole characters', () => {
    expect(issuesOf({ 'X-A': { column: 'a', length: 1 } })).toEqual([]);
    expect(issuesOf({ 'X-A': { column: 'a', length: 1024 } })).toEqual([]);
    expect(issuesOf({ 'X-A': { column: 'a', length: 0 } })).not.toEqual([]);
    expect(issuesOf({ 'X-A': { column: 'a', length: 1025 } })).not.toEqual([]);
    expect(issuesOf({ 'X-A': { column: 'a', length: 12.5 } })).not.toEqual([]);
  });

  it('reports every problem of a map at once', () => {
    const issues = issuesOf({ 'Call-ID': 'src', 'X Bad': 'other' });
    expect(issues).toEqual([
      'Call-ID: "Call-ID" is a header SIP itself uses; map a custom header such as X-Call-ID',
      'Call-ID: column "src" is a standard CDR column; choose another name',
      'X Bad: "X Bad" is not a valid SIP header name (RFC 3261 token characters only)',
    ]);
  });
});

describe('toMappings', () => {
  it('normalises both forms, defaulting the length to 64 and keeping the order of the map', () => {
    const map = headerMapSchema.parse({ 'X-Z': 'zeta', 'X-A': { column: 'alpha', length: 16 }, 'X-M': { column: 'mu' } });
    expect(toMappings(map)).toEqual([
      { header: 'X-Z', column: 'zeta', length: 64 },
      { header: 'X-A', column: 'alpha', length: 16 },
      { header: 'X-M', column: 'mu', length: 64 },
    ]);
  });
});

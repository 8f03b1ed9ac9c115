import { describe, expect, it } from 'vitest';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import { callcheckErrorOf } from '../../../tests/support/callcheck-error.ts';
import { headerLinesOf, resolveCallHeaders, sentValuesOf } from './call-headers.ts';

const KEY: HeaderMapping = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };
const NOTE: HeaderMapping = { header: 'X-Note', column: 'note', length: 32 };
const MAPPINGS = [KEY, NOTE];
const resolve = (values: Record<string, unknown>) => resolveCallHeaders(values, MAPPINGS, KEY, 'call call-00003');

describe('resolveCallHeaders', () => {
  it('keeps plain headers as they are, with no separate lines', () => {
    expect(resolve({ 'X-CRM-Id': 'C-1', 'X-Note': 'n' })).toEqual({ headers: { 'X-CRM-Id': 'C-1', 'X-Note': 'n' } });
  });

  it('sends a header once per element of an array, in order, and leaves it out of the single-valued headers', () => {
    const sent = resolve({ 'X-CRM-Id': 'C-1', 'X-Note': ['first', 'second'] });
    expect(sent).toEqual({
      headers: { 'X-CRM-Id': 'C-1' },
      headerLines: [{ name: 'X-CRM-Id', value: 'C-1' }, { name: 'X-Note', value: 'first' }, { name: 'X-Note', value: 'second' }],
    });
    expect(sentValuesOf(sent, 'X-Note')).toEqual(['first', 'second']);
  });

  it('an array of one value is the header sent once', () => {
    expect(resolve({ 'X-CRM-Id': 'C-1', 'X-Note': ['only'] })).toEqual({ headers: { 'X-CRM-Id': 'C-1', 'X-Note': 'only' } });
  });

  it('sends a name in another letter case as written, counted as the mapped header, the key too', () => {
    const sent = resolve({ 'x-crm-id': 'C-1', 'X-NOTE': 'n' });
    expect(sent).toEqual({ headers: { 'X-CRM-Id': 'C-1', 'X-Note': 'n' }, headerLines: [{ name: 'x-crm-id', value: 'C-1' }, { name: 'X-NOTE', value: 'n' }] });
    expect(sentValuesOf(sent, 'X-Note')).toEqual(['n']);
    expect(headerLinesOf(sent).map((l) => l.name)).toEqual(['x-crm-id', 'X-NOTE']);
  });

  it('gives the lines of a plain call from its headers', () => {
    expect(headerLinesOf({ headers: { 'X-CRM-Id': 'C-1' } })).toEqual([{ name: 'X-CRM-Id', value: 'C-1' }]);
    expect(sentValuesOf({ headers: { 'X-CRM-Id': 'C-1' } }, 'X-Note')).toEqual([]);
  });

  it.each([
    ['one header under two names', { 'X-CRM-Id': 'C-1', 'X-Note': 'a', 'x-note': 'b' }, 'call call-00003: "X-Note" and "x-note" are the same header X-Note (header names are case-insensitive)', 'give X-Note once; to send it several times, give an array of values'],
    ['a header the map lacks', { 'X-CRM-Id': 'C-1', 'X-Nope': 'a' }, 'call call-00003: header "X-Nope" is not in the scenario\'s header map', 'use one of X-CRM-Id, X-Note (in any letter case), or map "X-Nope" to a column'],
    ['an empty array', { 'X-CRM-Id': 'C-1', 'X-Note': [] }, 'call call-00003: X-Note is an empty array', 'leave X-Note out to send no such header, or give at least one value'],
    ['a number', { 'X-CRM-Id': 'C-1', 'X-Note': 7 }, 'call call-00003: value of "X-Note" must be a string or an array of strings, got 7', 'quote every value; give an array to send the header several times'],
    ['an array holding a number', { 'X-CRM-Id': 'C-1', 'X-Note': ['a', 7] }, 'call call-00003: value of "X-Note" must be a string or an array of strings, got ["a",7]', 'quote every value; give an array to send the header several times'],
    ['the key twice', { 'X-CRM-Id': ['C-1', 'C-2'] }, 'call call-00003: the key header X-CRM-Id has 2 values; it is sent exactly once, since calls are matched to CDR rows by it', 'give X-CRM-Id one string per call'],
  ])('refuses %s', (_, values, message, hint) => {
    const error = callcheckErrorOf(() => resolve(values));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe(message);
    expect(error.hint).toBe(hint);
  });

  it('refuses an unsendable element of an array, naming which one', () => {
    const error = callcheckErrorOf(() => resolve({ 'X-CRM-Id': 'C-1', 'X-Note': ['ok', 'x\r\nX-Injected: 1'] }));
    expect(error.code).toBe('UNSENDABLE_HEADER_VALUE');
    expect(error.message).toBe(
      'call call-00003: value 2 of X-Note "x\\r\\nX-Injected: 1" contains CR at position 1; header values may not contain control characters (they could end the header and inject others)',
    );
  });
});

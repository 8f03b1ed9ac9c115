import { describe, expect, it } from 'vitest';
import { columnExpectation, lengthOf, truncationInWords } from './column-expectation.ts';

const digits = (n: number): string => Array.from({ length: n }, (_, i) => String(i % 10)).join('');
const BUFFER = 'cdr_adaptive_odbc reads a CDR variable into a 1024-byte buffer and keeps 1023 bytes of it';

describe('columnExpectation', () => {
  it.each([
    ['SQL quotes and wildcards', `' " ; -- \\ % _`],
    ['a statement', `'; DROP TABLE cdr; --`],
    ['dialplan variable syntax', '${EXTEN}'],
    ['a dialplan expression', '$[1+1]'],
    ['emoji', '📞☎️🙂'],
    ['combining marks, not normalised', 'e\u0301 n\u0303'],
  ])('stores %s exactly as sent', (_, value) => {
    expect(columnExpectation([value], 32)).toEqual({ kind: 'stored', value });
  });

  it('stores NULL for an absent or an empty header', () => {
    expect(columnExpectation([], 32)).toEqual({ kind: 'stored', value: null });
    expect(columnExpectation([''], 32)).toEqual({ kind: 'stored', value: null });
  });

  it('stores the first of a header sent twice, as PJSIP_HEADER reads it', () => {
    expect(columnExpectation(['first', 'second'], 32)).toEqual({ kind: 'stored', value: 'first' });
  });

  it('stores a value of exactly the column length, in ASCII and in 4-byte characters', () => {
    expect(columnExpectation([digits(32)], 32)).toEqual({ kind: 'stored', value: digits(32) });
    expect(columnExpectation(['𝄞'.repeat(32)], 32)).toEqual({ kind: 'stored', value: '𝄞'.repeat(32) });
  });

  it('loses the row of a value one character past the column: cdr_adaptive_odbc cuts by bytes only, and the database refuses it', () => {
    expect(columnExpectation([digits(33)], 32)).toEqual({
      kind: 'refused',
      cause: 'the value has 33 characters and the column holds 32: the database (strict mode) refuses the row and cdr_adaptive_odbc drops it, since it cuts by bytes only',
    });
    expect(columnExpectation([`${'a'.repeat(31)}€€`], 32)).toMatchObject({ kind: 'refused', cause: expect.stringMatching(/^the value has 33 characters and the column holds 32/) });
  });

  it('loses the row when the cut at the octet length falls inside a multi-byte character', () => {
    expect(columnExpectation([`${'a'.repeat(126)}€`], 32)).toEqual({
      kind: 'refused',
      cause: "cdr_adaptive_odbc cuts a value to its column's octet length, 128 bytes for VARCHAR(32) in utf8mb4; the cut at byte 128 falls inside a multi-byte character, and the database refuses the broken UTF-8: cdr_adaptive_odbc drops the row",
    });
  });

  it('stores 4-byte characters cut at the octet length on a character boundary, as a truncation', () => {
    expect(columnExpectation(['𝄞'.repeat(33)], 32)).toEqual({
      kind: 'stored',
      value: '𝄞'.repeat(32),
      cut: { from: { characters: 33, bytes: 132 }, to: { characters: 32, bytes: 128 }, cause: "cdr_adaptive_odbc cuts a value to its column's octet length, 128 bytes for VARCHAR(32) in utf8mb4" },
    });
  });

  it('keeps 1023 bytes of a longer value in a VARCHAR(1024): 1023 whole, 1024 and 1025 cut to 1023', () => {
    expect(columnExpectation([digits(1023)], 1024)).toEqual({ kind: 'stored', value: digits(1023) });
    for (const n of [1024, 1025]) {
      expect(columnExpectation([digits(n)], 1024)).toEqual({
        kind: 'stored',
        value: digits(1023),
        cut: { from: { characters: n, bytes: n }, to: { characters: 1023, bytes: 1023 }, cause: BUFFER },
      });
    }
  });

  it('loses the row of a value whose 1023rd byte is inside a multi-byte character', () => {
    expect(columnExpectation([`${digits(1022)}€`], 1024)).toEqual({
      kind: 'refused',
      cause: `${BUFFER}; the cut at byte 1023 falls inside a multi-byte character, and the database refuses the broken UTF-8: cdr_adaptive_odbc drops the row`,
    });
  });

  it('applies both cuts in the order cdr_adaptive_odbc makes them', () => {
    // VARCHAR(300) holds 1200 bytes; the buffer keeps 1023 first, then 300 characters are too many.
    expect(columnExpectation([digits(1100)], 300)).toEqual({
      kind: 'refused',
      cause: 'the value has 1023 characters after the cut and the column holds 300: the database (strict mode) refuses the row and cdr_adaptive_odbc drops it, since it cuts by bytes only',
    });
  });
});

describe('lengthOf and truncationInWords', () => {
  it('counts characters (code points) and UTF-8 bytes', () => {
    expect(lengthOf('a€𝄞')).toEqual({ characters: 3, bytes: 8 });
  });

  it('says bytes, and characters where they differ', () => {
    expect(truncationInWords({ from: { characters: 1025, bytes: 1025 }, to: { characters: 1023, bytes: 1023 }, cause: 'why' })).toBe('truncated from 1025 to 1023 bytes: why');
    expect(truncationInWords({ from: { characters: 33, bytes: 132 }, to: { characters: 32, bytes: 128 }, cause: 'why' })).toBe('truncated from 132 to 128 bytes (33 to 32 characters): why');
  });
});

import { describe, expect, it } from 'vitest';
import { showForbiddenChars } from './forbidden-chars.ts';

describe('showForbiddenChars', () => {
  it('shows C0 controls other than tab, LF and CR as \\uXXXX', () => {
    expect(showForbiddenChars('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg')).toBe('a\\u0000b\\u0001c\\u0008d\\u000Be\\u000Cf\\u001Fg');
  });

  it('keeps tab, LF and CR, which XML allows', () => {
    expect(showForbiddenChars('a\tb\nc\rd')).toBe('a\tb\nc\rd');
  });

  it('shows DEL, C1 controls and the non-characters U+FFFE/U+FFFF', () => {
    expect(showForbiddenChars('\u007F\u0085\u009F\uFFFE\uFFFF')).toBe('\\u007F\\u0085\\u009F\\uFFFE\\uFFFF');
  });

  it('shows lone surrogates but keeps surrogate pairs (emoji)', () => {
    expect(showForbiddenChars('x\uD83Dy')).toBe('x\\uD83Dy');
    expect(showForbiddenChars('x\uDE00y')).toBe('x\\uDE00y');
    expect(showForbiddenChars('🎉 ok')).toBe('🎉 ok');
  });

  it('leaves ordinary text, accents and CJK untouched', () => {
    const text = 'Zoë — 東京 <&> "quoted"';
    expect(showForbiddenChars(text)).toBe(text);
  });
});

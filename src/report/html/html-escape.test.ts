import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html-escape.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that can open markup or leave an attribute', () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)> & "a" 'b'`)).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;a&quot; &#39;b&#39;');
  });

  it('does not leave any raw < or quote behind for hostile input', () => {
    const out = escapeHtml(`"><script>alert(1)</script><a href='javascript:x'>`);
    expect(out).not.toMatch(/[<>"']/);
  });

  it('makes control characters visible and keeps emoji', () => {
    expect(escapeHtml('a\u0001b 🎉')).toBe('a\\u0001b 🎉');
  });
});

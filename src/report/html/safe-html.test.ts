import { html, trustedHtml, escapeHtml } from './safe-html.ts';
import { describe, expect, it } from 'vitest';

describe('html', () => {
  it('escapes interpolated strings and numbers', () => {
    expect(html`<td>${'<b>&'}</td><td>${42}</td>`.value).toBe('<td>&lt;b&gt;&amp;</td><td>42</td>');
  });

  it('does not escape nested html results twice', () => {
    const inner = html`<i>${'a&b'}</i>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><i>a&amp;b</i></p>');
  });

  it('concatenates arrays and renders null, undefined and false as nothing', () => {
    expect(html`${['<', html`<br>`, 1]}|${null}|${undefined}|${false}`.value).toBe('&lt;<br>1|||');
  });

  it('emits trusted markup verbatim', () => {
    expect(html`${trustedHtml('<style>a>b{}</style>')}`.value).toBe('<style>a>b{}</style>');
  });
});

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

import { describe, expect, it } from 'vitest';
import { html, trustedHtml } from './safe-html.ts';

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

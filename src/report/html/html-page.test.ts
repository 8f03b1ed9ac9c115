import { describe, expect, it } from 'vitest';
import { toScriptJson } from './html-page.ts';

describe('toScriptJson', () => {
  const value = { header: '</script><script>alert(1)</script>', comment: '<!-- x', nested: ['<', '</SCRIPT >'] };

  it('contains no < at all, so nothing can close or re-open a script element', () => {
    expect(toScriptJson(value)).not.toContain('<');
  });

  it('parses back to the same value', () => {
    expect(JSON.parse(toScriptJson(value))).toEqual(value);
  });
});

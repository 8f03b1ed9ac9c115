import { describe, expect, it } from 'vitest';
import { chartJsSource, toInlineScript } from './chart-js-source.ts';

describe('chartJsSource', () => {
  it('is the Chart.js 4 UMD build', () => {
    const source = chartJsSource();
    expect(source).toMatch(/^\/\*!\s*\n \* Chart\.js v4\./);
    expect(source).toContain('.Chart=');
  });

  it('cannot end its script element early and points to no source map', () => {
    const source = chartJsSource();
    expect(source).not.toMatch(/<\/script/i);
    expect(source).not.toContain('sourceMappingURL');
  });
});

describe('toInlineScript', () => {
  it('escapes </script in any letter case', () => {
    expect(toInlineScript('a="</script>";b="</SCRIPT>"')).toBe('a="<\\/script>";b="<\\/SCRIPT>"');
  });

  it('drops a sourceMappingURL comment', () => {
    expect(toInlineScript('x();\n//# sourceMappingURL=x.js.map\n')).toBe('x();\n\n');
  });

  it('refuses a script containing <!--', () => {
    expect(() => toInlineScript('a="<!--"')).toThrow(/<!--/);
  });
});

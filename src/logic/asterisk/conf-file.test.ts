import { describe, expect, it } from 'vitest';
import { filesOf, parseConf, sectionsOf, settingOf, stripComment } from './conf-file.ts';

describe('parseConf', () => {
  it('reads headers with templates, both setting arrows, comments and includes, with their lines', () => {
    const { sections, includes } = parseConf('pjsip.conf', ['; top', '[tmpl](!)', 'type = endpoint', '[a](tmpl) ; trailing', 'aors => a ; c', 'x=1\\;2', '#include "other.conf"', '[b]'].join('\n'));
    expect(sections.map((s) => [s.name, s.line, s.lastLine, s.templates, s.isTemplate])).toEqual([
      ['tmpl', 2, 3, [], true],
      ['a', 4, 7, ['tmpl'], false],
      ['b', 8, 8, [], false],
    ]);
    expect(sections[1]?.settings).toEqual([
      { key: 'aors', value: 'a', line: 5 },
      { key: 'x', value: '1\\;2', line: 6 },
    ]);
    expect(includes).toEqual([{ file: 'pjsip.conf', line: 7, target: 'other.conf' }]);
  });

  it('keeps an escaped semicolon and drops a comment', () => {
    expect(stripComment('a = b\\;c ; note')).toBe('a = b\\;c');
  });
});

describe('sectionsOf', () => {
  const files = new Map([
    ['pjsip.conf', '[first]\ntype=transport\n#include pjsip.*.conf\n#include /etc/asterisk/last.conf\n#include missing.conf'],
    ['pjsip.b.conf', '[b]\ntype=aor'],
    ['pjsip.a.conf', '[a]\ntype=endpoint'],
    ['last.conf', '[last]\ntype=auth'],
  ]);

  it('follows includes (globs sorted, absolute paths under /etc/asterisk) in reading order, skipping files not there', () => {
    expect(sectionsOf(files, 'pjsip.conf').map((s) => `${s.file}:${s.name}`)).toEqual(['pjsip.conf:first', 'pjsip.a.conf:a', 'pjsip.b.conf:b', 'last.conf:last']);
    expect(filesOf(files, 'pjsip.conf')).toEqual(['pjsip.conf', 'pjsip.a.conf', 'pjsip.b.conf', 'last.conf']);
  });

  it('reads a setting through the templates a section inherits', () => {
    const all = sectionsOf(new Map([['x.conf', '[t](!)\ntype=endpoint\ncontext=a\n[e](t)\ncontext=b']]), 'x.conf');
    const e = all.find((s) => s.name === 'e');
    expect(e && settingOf(e, 'type', all)).toBe('endpoint');
    expect(e && settingOf(e, 'context', all)).toBe('b');
  });
});

import { describe, expect, it } from 'vitest';
import { extensionMatches, missingApplications, parseApplications, parseDialplanIncludes, parseDialplanShow, reachableContexts } from './dialplan-listing.ts';

// As Asterisk 22.10 prints it (trimmed): a module's context without file lines, a label, an include.
const SHOWN = `[ Context '__func_periodic_hook_context__' created by 'func_periodic_hook' ]
  'beep' (CID match '') =>  1. Answer()                                   [func_periodic_hook]
                    2. Playback(beep)                             [func_periodic_hook]

[ Context 'from-internal' created by 'pbx_config' ]
  '123' =>          1. NoOp(x)                                    [extensions.conf:11]
  Include =>        'outrt-1'                                     [pbx_config]

[ Context 'outrt-1' created by 'pbx_config' ]
  '_00.' =>         1. NoOp(out)                                  [extensions.conf:5]
     [dial]         2. Macro(dialout,\${EXTEN})                   [extensions_additional.conf:6]
                    3. Set(CDR(crm_id)=\${SIP_HEADER(X-CRM-Id)})   [extensions.conf:7]

-= 4 extensions (13 priorities) in 4 contexts. =-`;

describe('parseDialplanShow', () => {
  it('lists every priority read from a file, with its context, extension, application and line', () => {
    expect(parseDialplanShow(SHOWN)).toEqual([
      { context: 'from-internal', exten: '123', priority: 1, app: 'NoOp', data: 'x', file: 'extensions.conf', line: 11 },
      { context: 'outrt-1', exten: '_00.', priority: 1, app: 'NoOp', data: 'out', file: 'extensions.conf', line: 5 },
      { context: 'outrt-1', exten: '_00.', priority: 2, app: 'Macro', data: 'dialout,${EXTEN}', file: 'extensions_additional.conf', line: 6 },
      { context: 'outrt-1', exten: '_00.', priority: 3, app: 'Set', data: 'CDR(crm_id)=${SIP_HEADER(X-CRM-Id)}', file: 'extensions.conf', line: 7 },
    ]);
    expect(parseDialplanIncludes(SHOWN)).toEqual({ 'from-internal': ['outrt-1'] });
  });

  it('finds the priorities whose application this Asterisk lacks', () => {
    const apps = parseApplications('    -= Registered Asterisk Applications =-\n                Answer: Answer a channel\n                  NoOp: Do nothing\n                   Set: Set a variable\n    -= 3 Applications Registered =-');
    expect(missingApplications(parseDialplanShow(SHOWN), apps).map((p) => `${p.app}@${p.file}:${p.line}`)).toEqual(['Macro@extensions_additional.conf:6']);
  });
});

describe('extensionMatches', () => {
  it.each([
    ['_00.', '00200000001', true],
    ['_00.', '00', false],
    ['_00!', '00', true],
    ['_NXX', '211', true],
    ['_NXX', '111', false],
    ['_[13-5]X', '47', true],
    ['_[13-5]X', '27', false],
    ['123', '123', true],
    ['123', '1234', false],
  ])('%s against %s: %s', (pattern, exten, expected) => {
    expect(extensionMatches(pattern, exten)).toBe(expected);
  });

  it('follows includes transitively, once each', () => {
    expect([...reachableContexts('a', { a: ['b'], b: ['c', 'a'] })]).toEqual(['a', 'b', 'c']);
  });
});

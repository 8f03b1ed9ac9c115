import { describe, expect, it } from 'vitest';
import { fillTemplate, placeholdersOf } from './fill-template.ts';

describe('placeholdersOf', () => {
  it('lists each upper-case placeholder once', () => {
    expect(placeholdersOf('{{A}} {{B_2}} {{A}} {{lower}} {A}')).toEqual(new Set(['A', 'B_2']));
  });
});

describe('fillTemplate', () => {
  it('fills every occurrence of every placeholder', () => {
    expect(fillTemplate('cdr.conf', 'unanswered = {{UNANSWERED}}\ncongestion = {{CONGESTION}}\n; {{UNANSWERED}}', { UNANSWERED: 'yes', CONGESTION: 'no' })).toBe(
      'unanswered = yes\ncongestion = no\n; yes',
    );
  });

  it('inserts values literally, even ones that look like replacement patterns', () => {
    expect(fillTemplate('t', 'x={{V}}', { V: '$& $1 {{V}}' })).toBe('x=$& $1 {{V}}');
  });

  it('leaves text without placeholders alone and ignores unused values', () => {
    expect(fillTemplate('t', 'plain {text}', { UNUSED: 'x' })).toBe('plain {text}');
  });

  it('throws naming the template and every placeholder without a value', () => {
    expect(() => fillTemplate('extensions.conf', '{{A}} {{B}} {{C}}', { B: 'b' })).toThrow('template extensions.conf: no value for A, C');
  });

  it('accepts an empty string as a value', () => {
    expect(fillTemplate('t', '[{{A}}]', { A: '' })).toBe('[]');
  });
});

import { defineScenario } from '../../../src/index.ts';
import example from '../scenario.ts';

/**
 * An Asterisk 13-era configuration carried over to Asterisk 22: the route still calls Macro(), removed in
 * Asterisk 21, and a desk phone keeps chan_sip's nat=yes, no PJSIP option. It does not load (exit 3).
 */
export default defineScenario({
  ...example,
  name: 'example-callcenter-macro-era',
  asterisk: { ...example.asterisk!, config: ['examples/callcenter/asterisk', 'examples/callcenter/regressions/macro-era'] },
});

import { defineScenario } from '../../../src/index.ts';
import example from '../scenario.ts';

/**
 * The capture in its chan_sip form, carried over from an Asterisk 13 system: SIP_HEADER does not exist on
 * Asterisk 22, the capture runs and stores nothing (exit 1).
 * The changed file is regressions/sip-header/extensions_additional.conf, laid over the example's configuration.
 */
export default defineScenario({
  ...example,
  name: 'example-callcenter-sip-header',
  asterisk: { ...example.asterisk!, config: ['examples/callcenter/asterisk', 'examples/callcenter/regressions/sip-header'] },
});

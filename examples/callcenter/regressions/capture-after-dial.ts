import { defineScenario } from '../../../src/index.ts';
import example from '../scenario.ts';

/**
 * The capture moved after the Dial: an answered call ends inside Dial when the agent hangs up, and never
 * reaches it (exit 1).
 * The changed file is regressions/capture-after-dial/extensions_additional.conf, laid over the example's configuration.
 */
export default defineScenario({
  ...example,
  name: 'example-callcenter-capture-after-dial',
  asterisk: { ...example.asterisk!, config: ['examples/callcenter/asterisk', 'examples/callcenter/regressions/capture-after-dial'] },
});

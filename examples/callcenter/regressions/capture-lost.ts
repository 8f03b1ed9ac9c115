import { defineScenario } from '../../../src/index.ts';
import example from '../scenario.ts';

/**
 * The PBX's tool regenerated extensions_additional.conf with its unpatched generator, as Elastix's did at
 * every "Apply Config": the route's two capture lines are gone, every row's crm_id is empty (exit 1).
 * The changed file is regressions/capture-lost/extensions_additional.conf, laid over the example's configuration.
 */
export default defineScenario({
  ...example,
  name: 'example-callcenter-capture-lost',
  asterisk: { ...example.asterisk!, config: ['examples/callcenter/asterisk', 'examples/callcenter/regressions/capture-lost'] },
});

/** The public API of callcheck for scenario files. */
export { defineScenario } from './contracts/scenario.ts';
export type { ScenarioInput, PlannedOutcome } from './contracts/scenario.ts';
export type { HeaderValueContext, HeaderValueFn } from './contracts/header-value-function.ts';
export type { HeaderValue } from './contracts/header-map.ts';
export type { RunResults } from './contracts/results.ts';

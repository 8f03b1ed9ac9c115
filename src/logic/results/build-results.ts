import type { CallRecord } from '../../contracts/call-record.ts';
import { CUSTOMER_OUTCOMES } from '../plan/customer-outcomes.ts';
import { RESULTS_SCHEMA_VERSION, type BrowserInfo, type LoadSummary, type RunMetadata, type RunResults, type RunSummary, type StackInfo, type VerificationSettings, type VerifiedCall } from '../../contracts/results.ts';
import { isConforming, type UnknownRow } from '../../contracts/verdict.ts';
import type { RunObservations } from '../../contracts/observations.ts';
import { phaseStats } from './phases.ts';
import { summarise, type VerifyResult } from '../verify/verify-cdr.ts';

/** A call failed when the agent did not see the outcome its dialed number asks the customer for. */
export function callFailed(call: Pick<CallRecord, 'outcome' | 'plannedOutcome'>): boolean {
  return call.outcome !== CUSTOMER_OUTCOMES[call.plannedOutcome].agentOutcome;
}

export interface BuildResultsInput {
  run: RunMetadata;
  stack: StackInfo;
  browsers: BrowserInfo[];
  calls: readonly CallRecord[];
  settings: VerificationSettings;
  verification: VerifyResult;
  load?: LoadSummary;
  observations?: RunObservations;
  /** Each call's hangup → CDR row delay, by call id, where it was measured. */
  cdrRowDelays?: ReadonlyMap<string, number>;
}

/** The run's summary from its verified calls and unknown rows. A run with no call placed never conforms. */
export function summariseRun(calls: readonly VerifiedCall[], unknownRows: readonly UnknownRow[]): RunSummary {
  const failed = calls.filter(callFailed).length;
  return {
    placed: calls.length,
    answered: calls.filter((c) => c.outcome === 'answered').length,
    failed,
    cdr: summarise(calls.map((c) => c.cdr), unknownRows.length),
    conforms: calls.length > 0 && failed === 0 && unknownRows.length === 0 && calls.every((c) => isConforming(c.cdr)),
  };
}

/** Assembles results.json from the calls and their verdicts. A run with no call placed never conforms. */
export function buildResults(input: BuildResultsInput): RunResults {
  const calls: VerifiedCall[] = input.calls.map((call) => {
    const cdr = input.verification.verdicts.get(call.id);
    if (!cdr) throw new Error(`call ${call.id} has no CDR verdict`);
    const delay = input.cdrRowDelays?.get(call.id);
    return delay === undefined ? { ...call, cdr } : { ...call, cdr, cdrRowDelayMs: delay };
  });
  const summary = summariseRun(calls, input.verification.unknownRows);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: input.run,
    stack: input.stack,
    browsers: input.browsers,
    calls,
    unknownRows: input.verification.unknownRows,
    phases: phaseStats(calls),
    verification: input.settings,
    ...(input.load ? { load: input.load } : {}),
    ...(input.observations ? { observations: input.observations } : {}),
    summary,
  };
}

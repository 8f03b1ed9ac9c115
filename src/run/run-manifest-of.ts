import { hostname } from 'node:os';
import type { LoadScenarios } from '../contracts/executor-config.ts';
import type { StackInfo } from '../contracts/results.ts';
import { RUN_MANIFEST_SCHEMA_VERSION, type RunManifest } from '../contracts/run-manifest.ts';
import type { Scenario } from '../contracts/scenario.ts';
import type { ShardNumbering } from '../logic/plan/call-plan.ts';
import type { SystemUnderTest } from '../stack/system-under-test.ts';

export interface ManifestInput {
  runId: string;
  startedAt: Date;
  scenario: Scenario;
  scenarioFile: string;
  callcheckVersion: string;
  numbering: ShardNumbering;
  agents: readonly string[];
  load: LoadScenarios;
  matrix?: { builds: string[]; baseline: string; rounds: string[][]; seed: number };
}

/** The run manifest as it stands before anything starts: no secret of the scenario goes in. */
export function initialManifest(input: ManifestInput): RunManifest {
  const { scenario, numbering } = input;
  return {
    schemaVersion: RUN_MANIFEST_SCHEMA_VERSION,
    run: {
      id: input.runId,
      scenario: scenario.name,
      scenarioFile: input.scenarioFile,
      startedAt: input.startedAt.toISOString(),
      callcheckVersion: input.callcheckVersion,
      nodeVersion: process.version,
      host: hostname(),
      ...(numbering.count > 1 ? { shard: { index: numbering.shard, count: numbering.count } } : {}),
    },
    pid: process.pid,
    settings: {
      mappings: scenario.mappings,
      key: scenario.key,
      policy: { recordUnanswered: scenario.cdr.recordUnanswered, recordCongestion: scenario.cdr.recordCongestion },
    },
    cdrTable: scenario.cdr.table,
    browsers: [],
    agents: [...input.agents],
    load: input.load,
    ...(input.matrix ? { matrix: input.matrix } : {}),
    ...(Object.keys(scenario.thresholds).length > 0 ? { thresholdDefinitions: scenario.thresholds } : {}),
  };
}

/** results.json's `stack` for a system under test that is up. */
export function stackInfoOf(stack: SystemUnderTest, scenario: Scenario): StackInfo {
  return {
    ...stack.info,
    cdrTable: scenario.cdr.table,
    headerMap: Object.fromEntries(scenario.mappings.map((m) => [m.header, m.column])),
    keyHeader: scenario.key.header,
  };
}

/** What the manifest learns once the system under test is up: its details, the rows' expectations, where the CDR table is (no password). */
export function manifestOfStack(manifest: RunManifest, stack: SystemUnderTest, scenario: Scenario): Partial<RunManifest> {
  const { host, port, database } = stack.cdr.connection;
  return {
    stack: stackInfoOf(stack, scenario),
    settings: { ...manifest.settings, ...stack.rowExpectations },
    cdrSource: `${host}:${port}/${database}.${stack.cdr.table}`,
  };
}

import type { CdrDatabase } from '../cdr/cdr-database.ts';
import type { AsteriskTrace } from '../contracts/asterisk-trace.ts';
import type { CdrRow } from '../contracts/cdr-row.ts';
import type { Leftovers, StackInfo, VerificationSettings } from '../contracts/results.ts';
import type { Scenario } from '../contracts/scenario.ts';
import type { AgentCredentials } from '../contracts/pbx.ts';
import type { FaultControls } from './fault-controls.ts';

/**
 * The system under test as a run uses it: where the agents register, the CDR table the rows are read
 * from, and what results.json says about it. Two fulfil it: the containers callcheck starts (Stack) and
 * an existing PBX the scenario names (ExternalPbx). Disposing it stops what callcheck started for it
 * (containers, or a database pool), never the PBX itself.
 */
export interface SystemUnderTest extends AsyncDisposable {
  /** WebSocket URL of the SIP transport the agents register on. */
  readonly wsUrl: string;
  /** SIP domain of the agents' AORs (`sip:<username>@<domain>`). */
  readonly sipDomain: string;
  /** What to try when an agent does not register; absent: the default (the Asterisk log callcheck keeps). */
  readonly registerHint?: string;
  /** The CDR table, for reading and, in tests, for planting faults. */
  readonly cdr: CdrDatabase;
  /** What results.json's `stack` says of it, beyond the scenario's own settings. */
  readonly info: SystemInfo;
  /** What the verifier expects of every row of the agents beyond the call itself: their dcontext (absent: not checked) and src. */
  readonly rowExpectations: Pick<VerificationSettings, 'context' | 'srcOf'>;
  /**
   * Reads the run's CDR rows, waiting until `expected` are there or `timeoutMs` passes (see
   * CdrDatabase.waitForRows). `keys` are the key values of the run's calls: a table shared with other
   * calls is narrowed to the run's rows by them and by the agents.
   */
  readRunRows(request: RunRowsRequest): Promise<CdrRow[]>;
  /**
   * What the run left (channels up, contacts registered) once its agents stopped. Only callcheck's own
   * Asterisk answers it: an external PBX carries other calls and registrations than the run's.
   */
  leftovers?(): Promise<Leftovers>;
  /**
   * What Asterisk loaded and what each channel ran, when callcheck booted a call center's own configuration;
   * read after the calls and kept with the CDR rows (it explains a key not stored).
   */
  asteriskTrace?(): Promise<AsteriskTrace | undefined>;
  /** What the scenario's `faults` may do to it; absent for a PBX callcheck did not start (never harmed). */
  readonly faults?: FaultControls;
}

export interface RunRowsRequest {
  expected: number;
  timeoutMs: number;
  keys: readonly string[];
  /**
   * When the load started (this machine's epoch ms): no row of the run is older. A table shared with
   * other calls is read from there on (less a margin); absent, from when the system was connected to.
   */
  loadStartedAt?: number;
}

/** The part of results.json's `stack` the system under test knows. */
export type SystemInfo = Pick<StackInfo, 'asteriskVersion' | 'cdrImage' | 'cdrImageFallbackFrom' | 'cdrEngine' | 'cdrServerVersion' | 'external' | 'userConfig'>;

/** What starting (or connecting to) a system under test takes. */
export interface SystemUnderTestOptions {
  runId: string;
  scenario: Scenario;
  /** The run's agents, with the credentials they register with (see agentCredentials). */
  agents: readonly AgentCredentials[];
  runDir: string;
  signal?: AbortSignal;
  log: (line: string) => void;
}

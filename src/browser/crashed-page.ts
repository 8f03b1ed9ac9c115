import type { PageCrash } from '../logic/verify/crashed-call.ts';

/** A page that crashed during the run, and what became of its agents. */
export interface CrashedPage {
  label: string;
  browser: string;
  agents: string[];
  crash: PageCrash;
  /** Calls that were in progress on it; each ended as failed, naming the crash. */
  callsInFlight: number;
  /** When a fresh page had registered its agents (epoch ms); absent until then, or when none could. */
  takenOverAt?: number;
}

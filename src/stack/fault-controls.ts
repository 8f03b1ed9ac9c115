/**
 * What a fault of the scenario does to callcheck's own stack. Only the stack callcheck started offers
 * these: a user's PBX is never harmed.
 */
export interface FaultControls {
  /** Stops the CDR database's container (its server shuts down; the container and its data stay). */
  stopCdrDatabase(): Promise<void>;
  /** Starts the stopped CDR database's container again; resolves when it started, not when it answers. */
  startCdrDatabase(): Promise<void>;
  /** Makes every insert into the CDR table wait `delayMs` in the database itself. */
  slowCdrInserts(delayMs: number): Promise<void>;
  /** Undoes slowCdrInserts. */
  restoreCdrInserts(): Promise<void>;
  /** Kills Asterisk's container with SIGKILL: no shutdown, no CDR posted for the calls it carries. */
  killAsterisk(): Promise<void>;
  /**
   * Restarts Asterisk (SIGTERM, `downtimeMs` stopped, started in the same container) and resolves once it is
   * ready for calls again, with how long it was away in ms.
   */
  restartAsterisk(downtimeMs: number): Promise<number>;
}

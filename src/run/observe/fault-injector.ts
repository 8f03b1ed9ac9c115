import type { Fault } from '../../contracts/faults.ts';
import type { RunEventSink } from '../../contracts/run-events.ts';
import type { PageCrash } from '../../logic/verify/crashed-call.ts';
import type { FaultControls } from '../../stack/fault-controls.ts';

export interface FaultInjectorOptions {
  faults: readonly Fault[];
  /** Absent for a PBX callcheck did not start: the scenario's validation refuses faults there. */
  controls: FaultControls | undefined;
  /**
   * Crashes the page of an agent and resolves once the crash was handled (see AgentPool.crashPage), for the
   * `page-crash` faults. The agents' pools start after the injector is made, so it is asked at the fault.
   */
  crashPage?: (agent: string) => Promise<PageCrash>;
  sink: RunEventSink;
  log: (line: string) => void;
  now?: () => number;
}

function describe(fault: Fault): string {
  switch (fault.kind) {
    case 'cdr-db-stop':
      return `CDR database stopped for ${fault.forMs} ms`;
    case 'cdr-db-slow':
      return `every CDR insert slowed by ${fault.delayMs} ms for ${fault.forMs} ms`;
    case 'asterisk-kill':
      return 'Asterisk killed (SIGKILL)';
    case 'asterisk-restart':
      return `Asterisk restarted (SIGTERM, ${fault.downtimeMs} ms stopped, then started again)`;
    case 'page-crash':
      return `the page of ${fault.agent} crashed (chrome://crash)`;
  }
}

/**
 * Plants the scenario's faults while the load runs, each at its `atMs` after `start()`, and writes down
 * when each began and ended. `finish()` ends what is still going on (a database still stopped is started,
 * a slowdown undone) and skips what has not begun, so the rows can be read and verified.
 */
export class FaultInjector implements AsyncDisposable {
  private readonly options: FaultInjectorOptions;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  /** How to end each fault that began and has not ended, by its index. */
  private readonly active = new Map<number, () => Promise<void>>();
  private readonly started = new Set<number>();

  constructor(options: FaultInjectorOptions) {
    this.options = options;
  }

  /** Schedules every fault from now on. */
  start(): void {
    if (this.options.controls === undefined && this.options.faults.length > 0) throw new Error('faults need callcheck\'s own stack; a scenario with pbx cannot have faults');
    this.options.faults.forEach((fault, index) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.track(this.begin(fault, index));
      }, fault.atMs);
      this.timers.add(timer);
    });
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.options.log(`fault: ${error instanceof Error ? error.message : String(error)}`)).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async begin(fault: Fault, index: number): Promise<void> {
    const { sink, log } = this.options;
    const controls = this.options.controls as FaultControls;
    const now = this.options.now ?? Date.now;
    this.started.add(index);
    const what = describe(fault);
    log(`fault ${index + 1}: ${what}`);
    const started = () => sink({ at: now(), kind: 'fault-started', detail: what, fault: index });
    // A slowdown acts from the moment its trigger exists; every other fault from the moment it is sent.
    if (fault.kind !== 'cdr-db-slow') started();
    switch (fault.kind) {
      case 'cdr-db-stop':
        await controls.stopCdrDatabase();
        this.endLater(index, fault.forMs, () => controls.startCdrDatabase(), 'CDR database started again');
        return;
      case 'cdr-db-slow':
        await controls.slowCdrInserts(fault.delayMs);
        started();
        this.endLater(index, fault.forMs, () => controls.restoreCdrInserts(), 'CDR inserts no longer slowed');
        return;
      case 'asterisk-kill':
        await controls.killAsterisk();
        sink({ at: now(), kind: 'fault-ended', detail: 'Asterisk killed; callcheck does not start it again', fault: index });
        return;
      case 'asterisk-restart': {
        const awayMs = await controls.restartAsterisk(fault.downtimeMs);
        sink({ at: now(), kind: 'fault-ended', detail: `Asterisk ready for calls again, ${(awayMs / 1000).toFixed(1)} s after it was sent SIGTERM`, fault: index });
        return;
      }
      case 'page-crash': {
        if (!this.options.crashPage) throw new Error(`fault ${index + 1}: no agent pages to crash`);
        const crash = await this.options.crashPage(fault.agent);
        sink({ at: now(), kind: 'fault-ended', detail: `${crash.page} crashed: ${crash.reason}`, fault: index });
        return;
      }
    }
  }

  private endLater(index: number, forMs: number, undo: () => Promise<void>, detail: string): void {
    const now = this.options.now ?? Date.now;
    const end = async () => {
      if (!this.active.delete(index)) return;
      await undo();
      this.options.sink({ at: now(), kind: 'fault-ended', detail, fault: index });
    };
    this.active.set(index, end);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(end());
    }, forMs);
    this.timers.add(timer);
  }

  /** Skips the faults not begun, ends those still going on, and waits until all of it is done. */
  async finish(): Promise<void> {
    const now = this.options.now ?? Date.now;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.options.faults.forEach((fault, index) => {
      if (!this.started.has(index)) this.options.sink({ at: now(), kind: 'fault-skipped', detail: `${describe(fault)}: the load ended before its atMs (${fault.atMs} ms)`, fault: index });
      this.started.add(index);
    });
    while (this.running.size > 0) await Promise.all([...this.running]);
    // Ended early through the same path as on time: the undo, then the event.
    for (const end of [...this.active.values()]) this.track(end());
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.finish();
  }
}

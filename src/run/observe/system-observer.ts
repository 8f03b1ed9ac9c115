import type { CallRecord } from '../../contracts/call-record.ts';
import type { RunEventSink } from '../../contracts/run-events.ts';
import { cdrRowDelays } from '../../logic/verify/cdr-delay.ts';
import { CdrDbProbe } from '../../stack/cdr-db-probe.ts';
import { CdrRowWatcher } from '../../stack/cdr-row-watcher.ts';
import { ComponentWatch } from '../../stack/component-watch.ts';
import type { SystemUnderTest } from '../../stack/system-under-test.ts';
import { tcpProbe } from '../../stack/tcp-ports.ts';

/** How often the database and Asterisk are probed, in ms. */
export const OBSERVE_INTERVAL_MS = 250;
const PROBE_TIMEOUT_MS = 1000;
/** How often the CDR table is polled for new rows, in ms: the resolution of every hangup → row delay. */
const ROW_POLL_MS = 100;

/** Host and port of a ws:// or wss:// URL (80 and 443 when it names none). */
function wsAddress(wsUrl: string): { host: string; port: number } {
  const url = new URL(wsUrl);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : url.protocol === 'wss:' ? 443 : 80 };
}

/**
 * Watches the system under test while the calls run, whatever happens to it, planted or not: the CDR
 * database (a query on a connection of its own), Asterisk (a TCP connect to its SIP WebSocket port), and
 * the CDR table (when each row first appears). Everything seen goes to the sink as it happens.
 */
export class SystemObserver implements AsyncDisposable {
  readonly cdrDb: ComponentWatch;
  readonly asterisk: ComponentWatch;
  private readonly rows: CdrRowWatcher;
  private readonly dbProbe: CdrDbProbe;
  private stopped = false;

  constructor(stack: SystemUnderTest, keyColumn: string, sink: RunEventSink) {
    this.dbProbe = new CdrDbProbe(stack.cdr.connection);
    const common = { intervalMs: OBSERVE_INTERVAL_MS, timeoutMs: PROBE_TIMEOUT_MS, sink };
    this.cdrDb = new ComponentWatch({ ...common, component: 'cdr-db', probe: this.dbProbe.probe });
    const ws = wsAddress(stack.wsUrl);
    this.asterisk = new ComponentWatch({ ...common, component: 'asterisk', probe: tcpProbe(ws.host, ws.port) });
    this.rows = new CdrRowWatcher({ connection: stack.cdr.connection, table: stack.cdr.table, keyColumn, pollMs: ROW_POLL_MS });
  }

  /** Stops watching (the rows were read); what was seen is kept. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([this.cdrDb[Symbol.asyncDispose](), this.asterisk[Symbol.asyncDispose](), this.rows[Symbol.asyncDispose]()]);
    await this.dbProbe[Symbol.asyncDispose]();
  }

  /**
   * Each call's hangup → CDR row delay (by call id, in ms, late by up to `pollMs`), for run.json; undefined
   * where the table could not be watched (no `id` column).
   */
  rowDelays(calls: readonly CallRecord[], keyHeader: string): { pollMs: number; byCall: Record<string, number> } | undefined {
    if (!this.rows.available) return undefined;
    return { pollMs: this.rows.pollMs, byCall: Object.fromEntries(cdrRowDelays(calls, keyHeader, this.rows.seen, this.rows.pollMs)) };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

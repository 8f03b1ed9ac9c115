import { z } from 'zod';

const ms = (max: number) => z.number().int().min(0).max(max);
const HOUR_MS = 3_600_000;

/**
 * Faults callcheck plants in its own stack while the load runs, each at `atMs` after the first dial.
 * Only callcheck's own containers are harmed: a scenario with `pbx` (a user's PBX) is refused with faults.
 *
 * Design notes: a fault is a tagged object, so kinds are added without touching the others. The stack's
 * faults act through FaultControls; `page-crash` acts on the agents' side (the run's agent pools), which is
 * why only it names an agent, and why whether that agent exists and runs in Chromium is checked when the
 * run knows its agents and browsers (checkPageCrashFaults), before anything starts. What a fault causes is
 * observed like any failure of its own: `asterisk-down`/`asterisk-up`, `agent-unregistered`/
 * `agent-registered`, `page-crashed`.
 */
export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Stop the CDR database's container (SIGTERM, then start it again after `forMs`). */
    kind: z.literal('cdr-db-stop'),
    atMs: ms(24 * HOUR_MS),
    /** How long the database stays stopped, in ms (its restart takes a few seconds more). */
    forMs: ms(HOUR_MS).min(100),
  }),
  z.strictObject({
    /** Slow every insert into the CDR table by `delayMs` (a BEFORE INSERT trigger that sleeps) for `forMs`. */
    kind: z.literal('cdr-db-slow'),
    atMs: ms(24 * HOUR_MS),
    forMs: ms(HOUR_MS).min(100),
    /** Delay added to each insert, in ms (MariaDB's SLEEP, to the millisecond). */
    delayMs: ms(60_000).min(1),
  }),
  z.strictObject({
    /** Kill Asterisk's container (SIGKILL): the calls up at that moment are cut, no CDR is posted for them. */
    kind: z.literal('asterisk-kill'),
    atMs: ms(24 * HOUR_MS),
  }),
  z.strictObject({
    /**
     * Restart Asterisk as an administrator would: SIGTERM (its calls are hung up), `downtimeMs` without it,
     * then started again in the same container. The agents reconnect and register again on their own.
     */
    kind: z.literal('asterisk-restart'),
    atMs: ms(24 * HOUR_MS),
    /** How long Asterisk stays stopped before it is started again, in ms. Default 0. */
    downtimeMs: ms(10 * 60_000).default(0),
  }),
  z.strictObject({
    /** Crash the renderer of the browser page `agent` runs in (Chromium only): a fresh page takes its agents over. */
    kind: z.literal('page-crash'),
    atMs: ms(24 * HOUR_MS),
    /** The agent whose page crashes, e.g. `agent002`: one of the run's agents, in a Chromium page. */
    agent: z.string().min(1),
  }),
]);

export type Fault = z.output<typeof faultSchema>;
export type FaultKind = Fault['kind'];

/**
 * How long a restart keeps Asterisk busy beyond its `downtimeMs`: up to 2 s for SIGTERM to stop it, then its
 * start until ready (fully booted, ODBC connected, the CDR table read), 2 to 4 s here; with room to spare.
 */
export const RESTART_MARGIN_MS = 10_000;

const restartEnd = (f: Extract<Fault, { kind: 'asterisk-restart' }>) => f.atMs + f.downtimeMs + RESTART_MARGIN_MS;

/**
 * The scenario's `faults`, checked against each other: one CDR database fault at a time, nothing after a
 * kill, and while a restart brings Asterisk back (its `downtimeMs` and RESTART_MARGIN_MS) no other restart,
 * no kill and no stopped database (Asterisk's start waits for its ODBC connection).
 */
export const faultsSchema = z.array(faultSchema).max(20).superRefine((faults, ctx) => {
  const dbFaults = faults.flatMap((f, i) => (f.kind === 'cdr-db-stop' || f.kind === 'cdr-db-slow' ? [{ f, i }] : []));
  for (const a of dbFaults) {
    for (const b of dbFaults) {
      if (b.i > a.i && a.f.atMs < b.f.atMs + b.f.forMs && b.f.atMs < a.f.atMs + a.f.forMs) {
        ctx.addIssue({ code: 'custom', path: [b.i], message: `overlaps faults[${a.i}] (${a.f.kind} from ${a.f.atMs} to ${a.f.atMs + a.f.forMs} ms): the CDR database takes one fault at a time; move atMs` });
      }
    }
  }
  const kill = faults.findIndex((f) => f.kind === 'asterisk-kill');
  if (kill >= 0) {
    const killAt = faults[kill]?.atMs ?? 0;
    faults.forEach((f, i) => {
      if (i !== kill && f.atMs >= killAt) ctx.addIssue({ code: 'custom', path: [i], message: `starts at or after faults[${kill}] kills Asterisk (atMs ${killAt}): nothing runs after that; start it earlier or remove it` });
    });
  }
  const spanEnd = (f: Fault) => (f.kind === 'asterisk-restart' ? restartEnd(f) : f.kind === 'cdr-db-stop' || f.kind === 'cdr-db-slow' ? f.atMs + f.forMs : f.atMs);
  faults.forEach((restart, r) => {
    if (restart.kind !== 'asterisk-restart') return;
    faults.forEach((f, i) => {
      // Two restarts are named once, at the later one.
      if (i === r || (f.kind === 'asterisk-restart' && i < r) || !(f.kind === 'asterisk-restart' || f.kind === 'asterisk-kill' || f.kind === 'cdr-db-stop')) return;
      if (f.atMs < restartEnd(restart) && spanEnd(f) >= restart.atMs) {
        ctx.addIssue({ code: 'custom', path: [i], message: `overlaps faults[${r}] (asterisk-restart at ${restart.atMs} ms, ${restart.downtimeMs} ms down, back by about ${restartEnd(restart)} ms): Asterisk takes no other fault while it restarts, and its start needs the CDR database; move atMs` });
      }
    });
  });
});
export type FaultsInput = z.input<typeof faultsSchema>;


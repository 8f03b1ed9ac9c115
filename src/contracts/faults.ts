import { z } from 'zod';

const ms = (max: number) => z.number().int().min(0).max(max);
const HOUR_MS = 3_600_000;

/**
 * Faults callcheck plants in its own stack while the load runs, each at `atMs` after the first dial.
 * Only callcheck's own containers are harmed: a scenario with `pbx` (a user's PBX) is refused with faults.
 *
 * Design notes: a fault is a tagged object, so kinds are added without touching the others. Two kinds are
 * foreseen and not implemented yet, both needing the agents' side: `asterisk-restart` (Asterisk stopped
 * and started again: the agents must re-register and calling resume, and no row may be written twice)
 * and `page-crash` (one agent page crashed: its calls are reported, the other pages go on). Their
 * observations fit the same events (`asterisk-down`/`asterisk-up`, and a page event of its own).
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
]);

export type Fault = z.output<typeof faultSchema>;
export type FaultKind = Fault['kind'];

/** The scenario's `faults`, checked against each other: one CDR database fault at a time, nothing after a kill. */
export const faultsSchema = z.array(faultSchema).max(20).superRefine((faults, ctx) => {
  const dbFaults = faults.flatMap((f, i) => (f.kind === 'asterisk-kill' ? [] : [{ f, i }]));
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
});
export type FaultsInput = z.input<typeof faultsSchema>;

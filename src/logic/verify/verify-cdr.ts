import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrRow } from '../../contracts/cdr-row.ts';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import type { CdrSummary, CdrVerdict, FieldMismatch, FieldTruncation, UnknownRow } from '../../contracts/verdict.ts';
import type { Outage } from '../../contracts/observations.ts';
import { sentValuesOf } from '../plan/call-headers.ts';
import { expectCdr, type CdrPolicy } from './cdr-expectation.ts';
import { columnExpectation, truncationInWords } from './column-expectation.ts';
import { explainNoRow } from './explain-no-row.ts';
import { explainKeyLost } from './explain-key-lost.ts';
import type { AsteriskTrace } from '../../contracts/asterisk-trace.ts';
import { withCdrRecovery } from './outages.ts';

export interface VerifyInput {
  calls: readonly CallRecord[];
  rows: readonly CdrRow[];
  mappings: readonly HeaderMapping[];
  key: HeaderMapping;
  policy: CdrPolicy;
  /**
   * Dialplan context the agents' calls enter; every row of theirs carries it as dcontext. Absent: dcontext
   * is not checked (an external PBX whose scenario does not say its context).
   */
  context?: string;
  /**
   * The `src` a row of an agent's call carries, where it is not the agent's name (an external PBX that sets
   * the caller ID number to an extension, not to the SIP username). Default: the agent's name.
   */
  srcOf?: Readonly<Record<string, string>>;
  /** Allowed difference between billsec and the measured talk time, in seconds. Default 1. */
  billsecToleranceS?: number;
  /** Outages of Asterisk and the CDR database observed during the run: they explain calls without a row (see explainNoRow). */
  outages?: readonly Outage[];
  /** What Asterisk loaded and ran, when it ran a call center's own configuration: it explains a key not stored. */
  trace?: AsteriskTrace;
}

/**
 * The standard CDR columns the verifier compares with the call (see compareRow). A table without one of
 * them cannot be verified: an external PBX's table is checked for them before any call.
 */
export const VERIFIED_STANDARD_COLUMNS = ['src', 'dst', 'dcontext', 'disposition', 'billsec'] as const;
export type VerifiedStandardColumn = (typeof VERIFIED_STANDARD_COLUMNS)[number];

export interface VerifyResult {
  verdicts: Map<string, CdrVerdict>;
  unknownRows: UnknownRow[];
  summary: CdrSummary;
  /** The observed outages, the CDR database's with when rows were written again. */
  outages: Outage[];
}

/**
 * Matches calls to CDR rows by the key column and gives every call exactly one verdict; every row that
 * no call accounts for is reported as unknown. Pure: the rows are read elsewhere.
 */
export function verifyCdr(input: VerifyInput): VerifyResult {
  const byKey = new Map<string, CdrRow[]>();
  for (const row of input.rows) {
    const key = row.mapped[input.key.column] ?? null;
    const list = byKey.get(key ?? '') ?? [];
    list.push(row);
    byKey.set(key ?? '', list);
  }
  const outages = withCdrRecovery(input.outages ?? [], input.calls.map((c) => ({ ended: c.timeline.ended, hasRow: (byKey.get(c.headers[input.key.header] ?? '') ?? []).length > 0 })));
  const claimed = new Set<string>();
  const verdicts = new Map<string, CdrVerdict>();
  const keylessRows = byKey.get('') ?? [];
  // Rows without the key written for a channel whose other row carries it: stages of that call (see stagesOfOneChannel).
  const stageRows = new Set<CdrRow>();
  for (const call of input.calls) {
    const key = call.headers[input.key.header] ?? '';
    claimed.add(key);
    const keyed = byKey.get(key) ?? [];
    const sameChannel = key === '' || keyed.length === 0 ? [] : keylessRows.filter((r) => keyed.some((k) => k.uniqueid !== '' && k.uniqueid === r.uniqueid && k.channel === r.channel));
    for (const r of sameChannel) stageRows.add(r);
    verdicts.set(call.id, verdictFor(call, keyed, sameChannel, input, outages));
  }
  const keyless = claimed.has('') ? [] : keylessRows.filter((r) => !stageRows.has(r));
  const paired = pairKeylessRows(input, verdicts, keyless);
  const unknownRows: UnknownRow[] = [];
  for (const [key, rows] of byKey) {
    if (claimed.has(key)) continue;
    for (const row of rows) if (!paired.has(row) && !stageRows.has(row)) unknownRows.push({ key: row.mapped[input.key.column] ?? null, row });
  }
  return { verdicts, unknownRows, summary: summarise([...verdicts.values()], unknownRows.length), outages };
}

/**
 * Gives a `missing` call the row its agent wrote to the same number without the key, when there is one:
 * the dialplan lost the id, the call still has its row. Calls and rows of one agent and number are paired
 * in the order they were placed and dated (one row each at most). Returns the rows it paired.
 */
function pairKeylessRows(input: VerifyInput, verdicts: Map<string, CdrVerdict>, keyless: readonly CdrRow[]): Set<CdrRow> {
  const paired = new Set<CdrRow>();
  if (keyless.length === 0) return paired;
  const slot = (src: string, dst: string) => `${src}\u0000${dst}`;
  const rowsOf = new Map<string, CdrRow[]>();
  for (const row of [...keyless].sort((a, b) => a.calldate.localeCompare(b.calldate))) {
    const list = rowsOf.get(slot(row.src, row.dst)) ?? [];
    list.push(row);
    rowsOf.set(slot(row.src, row.dst), list);
  }
  const missing = input.calls.filter((c) => verdicts.get(c.id)?.kind === 'missing').sort((a, b) => (a.timeline.dialRequested ?? 0) - (b.timeline.dialRequested ?? 0));
  for (const call of missing) {
    const candidates = rowsOf.get(slot(input.srcOf?.[call.agent] ?? call.agent, call.dialed)) ?? [];
    const row = candidates.shift();
    if (row === undefined) continue;
    paired.add(row);
    // The later stages of the same channel are the call's too (see stagesOfOneChannel).
    for (let i = candidates.length - 1; i >= 0; i--) {
      const stage = candidates[i] as CdrRow;
      if (row.uniqueid !== '' && stage.uniqueid === row.uniqueid && stage.channel === row.channel) {
        paired.add(stage);
        candidates.splice(i, 1);
      }
    }
    const sent = call.headers[input.key.header] ?? '';
    const traced = input.trace && row.channel ? explainKeyLost({ column: input.key.column, header: input.key.header, sent, channel: row.channel, trace: input.trace }) : undefined;
    verdicts.set(call.id, {
      kind: 'key-not-stored',
      row,
      reason:
        `its row (calldate ${row.calldate}, src ${row.src}, dst ${row.dst}${row.uniqueid ? `, uniqueid ${row.uniqueid}` : ''}) has ${input.key.column} empty: ` +
        `the agent sent ${input.key.header}: ${JSON.stringify(sent)}, and the dialplan did not copy it into CDR(${input.key.column}) ` +
        `(the call ran in context ${row.dcontext || '(none)'}, extension ${row.dst}${row.channel ? `, channel ${row.channel}` : ''})` +
        (traced ? `; ${traced}` : ''),
    });
  }
  return paired;
}

/**
 * The rows of one channel (one uniqueid), oldest first: the stages Asterisk's CDR engine writes for a call
 * whose dialplan goes on after a Dial nobody answered (a row for the Dial, one for what follows). Undefined
 * when the rows are not all one channel's: then they are two calls' rows, duplicates.
 */
function stagesOfOneChannel(rows: readonly CdrRow[]): CdrRow[] | undefined {
  const [first] = rows;
  if (rows.length < 2 || first === undefined || first.uniqueid === '' || rows.some((r) => r.uniqueid !== first.uniqueid || r.channel !== first.channel)) return undefined;
  return [...rows].sort((a, b) => a.calldate.localeCompare(b.calldate));
}

/** `keyed`: the rows that carry the call's key; `sameChannel`: rows without it, of the channel of those. */
function verdictFor(call: CallRecord, keyed: CdrRow[], sameChannel: readonly CdrRow[], input: VerifyInput, outages: readonly Outage[]): CdrVerdict {
  const stages = stagesOfOneChannel(keyed) ?? (keyed.length === 1 ? keyed : undefined);
  // The first row with the key is verified; the channel's other rows, with or without it, are its other stages.
  const rows = stages ? stages.slice(0, 1) : keyed;
  const others = stages ? [...stages.slice(1), ...sameChannel].sort((a, b) => a.calldate.localeCompare(b.calldate)) : [];
  const later = others.length > 0 ? { otherStages: others } : {};
  const expectation = expectCdr(call, input.policy);
  if (!expectation.recorded) {
    const [row] = rows;
    if (row === undefined) return explainNoRow(call, outages) ?? { kind: 'not-recorded', reason: expectation.why };
    if (rows.length > 1) return { kind: 'duplicate', rows };
    return { kind: 'unexpected-row', row, reason: `no row was expected: ${expectation.why}` };
  }
  if (rows.length > 1) return { kind: 'duplicate', rows };
  const [row] = rows;
  if (row === undefined) {
    const explained = explainNoRow(call, outages);
    if (explained) return explained;
    const refused = refusedColumns(call, input.mappings);
    const why = refused.length > 0 ? `; it was lost: ${refused.join('; ')}` : '';
    return { kind: 'missing', reason: `no row carries ${input.key.column} = ${JSON.stringify(call.headers[input.key.header])}, but one was expected: ${expectation.why}${why}` };
  }
  const truncated: FieldTruncation[] = [];
  const mismatches = compareRow(call, row, expectation.disposition, input, truncated);
  if (mismatches.length > 0) return { kind: 'mismatched', row, mismatches, ...later };
  return truncated.length === 0 ? { kind: 'matched', row, ...later } : { kind: 'matched', row, truncated, ...later };
}

/** Why the database refuses the call's row, one entry per mapped value it refuses (see columnExpectation). */
function refusedColumns(call: CallRecord, mappings: readonly HeaderMapping[]): string[] {
  return mappings.flatMap((m) => {
    const fate = columnExpectation(sentValuesOf(call, m.header), m.length);
    return fate.kind === 'refused' ? [`${m.header} into ${m.column}: ${fate.cause}`] : [];
  });
}

function compareRow(call: CallRecord, row: CdrRow, disposition: string | undefined, input: VerifyInput, truncated: FieldTruncation[]): FieldMismatch[] {
  const out: FieldMismatch[] = [];
  const check = (field: string, expected: string, received: string | null, rule: string) => {
    if (expected !== received) out.push({ field, expected, received, rule });
  };
  for (const m of input.mappings) {
    const sent = sentValuesOf(call, m.header);
    const fate = columnExpectation(sent, m.length);
    const received = row.mapped[m.column] ?? null;
    if (fate.kind === 'refused') {
      out.push({ field: m.column, expected: '(no row)', received, rule: `the database should have refused this row: ${fate.cause}` });
    } else if (fate.value === null) {
      // Asterisk sets an empty CDR variable for an absent or empty header; cdr_adaptive_odbc writes NULL, another backend may write ''.
      if (received !== null && received !== '') check(m.column, '', received, `${m.header} was ${sent.length === 0 ? 'not sent' : 'sent empty'}, so ${m.column} stays empty`);
    } else if (fate.cut === undefined) {
      const which = sent.length > 1 ? `the first of the ${sent.length} ${m.header} headers the call sent (PJSIP_HEADER reads the first)` : `the ${m.header} header the call sent`;
      check(m.column, fate.value, received, `${m.column} holds ${which}`);
    } else {
      check(m.column, fate.value, received, `${m.column} holds ${m.header} ${truncationInWords(fate.cut)}`);
      if (received === fate.value) truncated.push({ field: m.column, header: m.header, sent: sent[0] ?? '', stored: fate.value, from: fate.cut.from, to: fate.cut.to, cause: fate.cut.cause });
    }
  }
  check('dst', call.dialed, row.dst, 'dst is the number the agent dialed');
  check('src', input.srcOf?.[call.agent] ?? call.agent, row.src, 'src is the agent that placed the call');
  if (input.context !== undefined) check('dcontext', input.context, row.dcontext, 'dcontext is the agents\' dialplan context');
  if (disposition !== undefined) check('disposition', disposition, row.disposition, 'disposition follows the call\'s outcome');
  // A call the other side hung up (no BYE of the agent's) was billed up to that hangup, whatever came of it.
  const hungUpByPbx = call.timeline.answered !== undefined && call.timeline.byeSent === undefined;
  if ((call.outcome === 'answered' || hungUpByPbx) && call.talkTimeMs !== undefined) {
    const tolerance = input.billsecToleranceS ?? 1;
    const talkS = call.talkTimeMs / 1000;
    if (Math.abs(row.billsec - talkS) > tolerance) {
      const until = call.outcome === 'answered' ? '' : ' until the other side hung up';
      out.push({ field: 'billsec', expected: `${talkS.toFixed(3)} ± ${tolerance}`, received: String(row.billsec), rule: `billsec is the measured talk time${until} within ${tolerance} s` });
    }
  } else if (call.outcome !== 'answered' && row.billsec !== 0 && call.outcome !== 'failed' && call.outcome !== 'interrupted') {
    out.push({ field: 'billsec', expected: '0', received: String(row.billsec), rule: 'a call never answered bills nothing' });
  }
  return out;
}

export function summarise(verdicts: readonly CdrVerdict[], unknown: number): CdrSummary {
  const summary: CdrSummary = { matched: 0, missing: 0, duplicate: 0, mismatched: 0, unknown, notRecorded: 0, unexpected: 0, lost: 0, inFlight: 0, notPlaced: 0 };
  for (const v of verdicts) {
    if (v.kind === 'matched') summary.matched++;
    else if (v.kind === 'missing') summary.missing++;
    else if (v.kind === 'duplicate') summary.duplicate++;
    else if (v.kind === 'mismatched') summary.mismatched++;
    else if (v.kind === 'not-recorded') summary.notRecorded++;
    else if (v.kind === 'not-verified') summary.notVerified = (summary.notVerified ?? 0) + 1;
    else if (v.kind === 'lost') summary.lost = (summary.lost ?? 0) + 1;
    else if (v.kind === 'in-flight') summary.inFlight = (summary.inFlight ?? 0) + 1;
    else if (v.kind === 'not-placed') summary.notPlaced = (summary.notPlaced ?? 0) + 1;
    else if (v.kind === 'key-not-stored') summary.keyNotStored = (summary.keyNotStored ?? 0) + 1;
    else summary.unexpected++;
  }
  return summary;
}

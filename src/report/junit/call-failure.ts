import type { CdrRow } from '../../contracts/cdr-row.ts';
import type { VerifiedCall } from '../../contracts/results.ts';
import { reportVerdict } from '../call-conformance.ts';
import type { Failure } from './junit-xml.ts';

/** Why a call's testcase fails: a message for its verdict, and a body with the CDR evidence and what the agent saw. */
export function callFailure(call: VerifiedCall, key: string | undefined): Failure {
  const type = reportVerdict(call);
  const keyText = key === undefined ? 'its key' : `key ${key}`;
  const lines: string[] = [];
  let message: string;
  const cdr = call.cdr;
  switch (cdr.kind) {
    case 'missing':
      message = `no CDR row for ${keyText}: ${cdr.reason}`;
      lines.push(`No CDR row carries ${keyText}.`, `Reason: ${cdr.reason}`);
      break;
    case 'duplicate':
      message = `${cdr.rows.length} CDR rows carry ${keyText}`;
      lines.push(`${cdr.rows.length} CDR rows carry ${keyText}; exactly one was expected:`, ...cdr.rows.map((r) => `- ${describeRow(r)}`));
      break;
    case 'mismatched':
      message = `${cdr.mismatches.length} CDR field(s) differ: ${cdr.mismatches.map((m) => m.field).join(', ')}`;
      lines.push('Fields that differ from what the call implies:');
      for (const m of cdr.mismatches) {
        lines.push(`- ${m.field}: expected ${JSON.stringify(m.expected)}, received ${m.received === null ? 'NULL' : JSON.stringify(m.received)} (${m.rule})`);
      }
      lines.push(`Row: ${describeRow(cdr.row)}`);
      break;
    case 'key-not-stored':
      message = `CDR row written without ${keyText}: ${cdr.reason}`;
      lines.push(`The call's CDR row is there, but ${keyText} is not in it.`, `Reason: ${cdr.reason}`, `Row: ${describeRow(cdr.row)}`);
      break;
    case 'unexpected-row':
      message = `unexpected CDR row: ${cdr.reason}`;
      lines.push(`A CDR row exists although none should: ${cdr.reason}`, `Row: ${describeRow(cdr.row)}`);
      break;
    case 'lost':
      message = `CDR row lost in a CDR database outage: ${cdr.reason}`;
      lines.push(`No CDR row carries ${keyText}; the CDR database was out when the call hung up.`, `Reason: ${cdr.reason}`);
      break;
    case 'in-flight':
    case 'not-placed':
      message = `${cdr.kind === 'in-flight' ? 'call in flight when Asterisk went down' : 'call not placed: Asterisk was down'}: ${cdr.reason}`;
      lines.push(`No CDR row carries ${keyText}.`, `Reason: ${cdr.reason}`);
      break;
    case 'matched':
    case 'not-recorded':
    case 'not-verified':
      message = type === 'wrong-outcome'
        ? `call ended as ${call.outcome}; the number dialed asked for ${call.plannedOutcome}`
        : `call ${call.outcome}${call.error === undefined ? '' : `: ${call.error}`}`;
      lines.push(`The agent saw the call end as "${call.outcome}"; the number dialed asked for "${call.plannedOutcome}".`);
      if (cdr.kind === 'not-recorded') lines.push(`CDR: not recorded (${cdr.reason}), as expected.`);
      else if (cdr.kind === 'not-verified') lines.push(`CDR: not verified (${cdr.reason}).`);
      else lines.push(`CDR: matched (${describeRow(cdr.row)}).`);
      break;
  }
  lines.push('', ...callContext(call));
  return { message, type, body: lines.join('\n') };
}

/** What the agent observed, so a CI reader can tell a PBX fault from a softphone one without results.json. */
function callContext(call: VerifiedCall): string[] {
  const status = call.sipStatus === undefined ? 'none' : `${call.sipStatus} ${call.sipReason ?? ''}`.trimEnd();
  const lines = [`Agent ${call.agent} on ${call.browser} dialed ${call.dialed} (planned: ${call.plannedOutcome}); outcome ${call.outcome}, final SIP status ${status}.`];
  if (call.error !== undefined) lines.push(`Error: ${call.error}`);
  if (call.sip.length > 0) {
    lines.push('SIP:');
    const start = call.timeline.dialRequested ?? call.sip[0]?.at ?? 0;
    for (const m of call.sip) lines.push(`  +${Math.round(m.at - start)} ms ${m.direction === 'sent' ? '→' : '←'} ${m.firstLine}`);
  }
  return lines;
}

/** A CDR row on one line: its standard columns, then the mapped ones. */
export function describeRow(row: CdrRow): string {
  const mapped = Object.entries(row.mapped).map(([column, value]) => `${column}=${value === null ? 'NULL' : JSON.stringify(value)}`);
  return [
    `uniqueid=${row.uniqueid}`,
    `calldate=${row.calldate}`,
    `src=${row.src}`,
    `dst=${row.dst}`,
    `disposition=${row.disposition}`,
    `duration=${row.duration}`,
    `billsec=${row.billsec}`,
    ...mapped,
  ].join(', ');
}

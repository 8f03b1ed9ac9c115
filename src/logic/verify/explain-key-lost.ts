import type { AsteriskTrace, ChannelTrace, DialplanPriority } from '../../contracts/asterisk-trace.ts';
import { describeSteps } from '../asterisk/dialplan-trace.ts';
import { extensionMatches, reachableContexts } from '../asterisk/dialplan-listing.ts';

export interface KeyLostInput {
  /** The key's CDR column, e.g. `crm_id`. */
  column: string;
  /** The mapped header and the value the agent sent in it. */
  header: string;
  sent: string;
  /** The caller's channel, as the row names it. */
  channel: string;
  trace: AsteriskTrace;
}

const setsColumn = (text: string, column: string) => new RegExp(`CDR\\(${column}\\)\\s*=`, 'i').test(text);
const where = (p: DialplanPriority) => `${p.context},${p.exten},${p.priority}${p.file ? ` (${p.file} line ${p.line})` : ''}`;

/**
 * Why a call's row lacks its key, from Asterisk's own view of the call: the steps its channel ran (each
 * named by context, extension and priority), what Asterisk warned of, whether the value sent ever reached
 * the dialplan, and where the dialplan would have stored it. Absent when the log has nothing of the channel.
 */
export function explainKeyLost(input: KeyLostInput): string | undefined {
  const channel: ChannelTrace | undefined = input.trace.channels.find((c) => c.channel === input.channel);
  if (channel === undefined) return undefined;
  const parts = [`the call ran ${describeSteps(channel.steps)}`];
  const setters = channel.steps.filter((s) => s.app.toLowerCase() === 'set' && setsColumn(s.args, input.column));
  const reached = input.sent !== '' && channel.steps.find((s) => s.args.includes(input.sent));
  if (setters.length > 0) {
    const last = setters.at(-1) as NonNullable<(typeof setters)[number]>;
    parts.push(`CDR(${input.column}) was set at ${last.context},${last.exten},${last.priority} to ${JSON.stringify(last.args.replace(/^[^=]*=/, ''))}: the expression that reads ${input.header} gave nothing`);
  } else {
    // The priorities that would have set it: of the extension the call matched, in the contexts it ran in or
    // reached through their includes.
    const reachable = new Set([...new Set(channel.steps.map((s) => s.context))].flatMap((c) => [...reachableContexts(c, input.trace.includes)]));
    const dialed = new Set(channel.steps.map((s) => s.exten));
    const planned = input.trace.dialplan.filter((p) => reachable.has(p.context) && [...dialed].some((e) => extensionMatches(p.exten, e)) && setsColumn(p.data, input.column));
    // The hangup handler (extension h) runs after the call whatever happened; the call's own last step is before it.
    const lastStep = channel.steps.filter((s) => s.exten !== 'h').at(-1);
    const late = lastStep && planned.find((p) => extensionMatches(p.exten, lastStep.exten) && p.priority > lastStep.priority);
    if (late && lastStep) {
      parts.push(`no step set CDR(${input.column}): the dialplan sets it at ${where(late)}, after the call's last step (${lastStep.priority} ${lastStep.app}), which it never got past`);
    } else if (planned.length > 0) {
      parts.push(`no step set CDR(${input.column}), although the dialplan sets it at ${planned.map(where).join(', ')}`);
    } else {
      parts.push(`no step set CDR(${input.column}), and no priority of the extensions it ran (in ${[...reachable].join(', ')}) sets it: the capture line is missing`);
    }
  }
  if (channel.warnings.length > 0) parts.push(`Asterisk logged for the call: ${[...new Set(channel.warnings)].join('; ')}`);
  parts.push(reached ? `the value sent reached the dialplan (in the arguments of ${reached.context},${reached.exten},${reached.priority} ${reached.app})` : `the value sent appears in no step's arguments`);
  return parts.join('; ');
}

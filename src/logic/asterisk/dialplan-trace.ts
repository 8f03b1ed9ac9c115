import type { ChannelTrace, DialplanStep } from '../../contracts/asterisk-trace.ts';

/**
 * What Asterisk did with each call, read from its full log: the dialplan steps the caller's channel ran
 * (context, extension, priority, application and its arguments as evaluated) and the warnings logged
 * for that call. A verdict that says "key not stored" names them, so a dialplan author sees where the
 * id was lost.
 */

// "... VERBOSE[123][C-00000001] pbx.c: Executing [00200000001@from-internal:1] NoOp("PJSIP/agent001-00000000", "out") in new stack"
const EXECUTING = /^\[[^\]]+\]\s+VERBOSE\[[^\]]*\](?:\[(C-[0-9a-f]+)\])?:?\s+\S+?:(?:\d+\s+\S+:)?\s*(?:-- )?Executing \[(.+)@([^@:]+):(\d+)\] ([A-Za-z0-9_]+)\("([^"]*)"(?:, "(.*)")?\) in new stack\s*$/;
const WARNING = /^\[[^\]]+\]\s+(WARNING|ERROR)\[[^\]]*\]\[(C-[0-9a-f]+)\]:?\s+\S+?:(?:\d+\s+\S+:)?\s*(.*)$/;

/** Every channel's trace in the log, by channel name (e.g. `PJSIP/agent001-00000003`). */
export function traceDialplan(log: string): Map<string, ChannelTrace> {
  const byChannel = new Map<string, ChannelTrace>();
  const channelsOfCall = new Map<string, Set<string>>();
  const warningsOfCall = new Map<string, string[]>();
  for (const line of log.split('\n')) {
    const step = EXECUTING.exec(line);
    if (step) {
      const [, callId, exten, context, priority, app, channel, args] = step as unknown as [string, string | undefined, string, string, string, string, string, string | undefined];
      const trace = byChannel.get(channel) ?? { channel, steps: [], warnings: [] };
      trace.steps.push({ context, exten, priority: Number(priority), app, args: args ?? '' });
      byChannel.set(channel, trace);
      if (callId) channelsOfCall.set(callId, (channelsOfCall.get(callId) ?? new Set()).add(channel));
      continue;
    }
    const warning = WARNING.exec(line);
    if (warning) warningsOfCall.set(warning[2] as string, [...(warningsOfCall.get(warning[2] as string) ?? []), `${warning[1]}: ${(warning[3] as string).trim()}`]);
  }
  for (const [callId, channels] of channelsOfCall) {
    const warnings = warningsOfCall.get(callId) ?? [];
    for (const channel of channels) byChannel.get(channel)?.warnings.push(...warnings);
  }
  return byChannel;
}

/** The steps as one line: `from-internal,0012345,1 NoOp(out) → 2 Set(...) → 3 Dial(...)`, shortened past `max` steps. */
export function describeSteps(steps: readonly DialplanStep[], max = 8): string {
  if (steps.length === 0) return 'no dialplan step in the log';
  const parts: string[] = [];
  let place = '';
  for (const s of steps.slice(0, max)) {
    const here = `${s.context},${s.exten}`;
    parts.push(`${here === place ? '' : `${here} `}${s.priority} ${s.app}(${s.args})`);
    place = here;
  }
  return parts.join(' → ') + (steps.length > max ? ` → … (${steps.length - max} more)` : '');
}

import type { PlannedCall } from '../contracts/call-record.ts';
import { CallcheckError } from '../contracts/errors.ts';
import type { HeaderValueFn, Scenario } from '../contracts/scenario.ts';
import { dialedNumber } from './dial-numbers.ts';
import { assignOutcomes } from './outcome-mix.ts';
import { unsendableReason } from './header-value-rules.ts';

/** Where header values come from: generated, the scenario's function, or rows of a JSON-lines file. */
export type HeaderValueSource =
  | { kind: 'generated' }
  | { kind: 'function'; fn: HeaderValueFn }
  | { kind: 'rows'; file: string; rows: Record<string, string>[] };

/** Agent names are letters and digits only: Asterisk strips punctuation such as '-' from caller ID numbers, and the CDR's src must equal the name. */
export function agentName(index: number): string {
  return `agent${String(index + 1).padStart(3, '0')}`;
}

/**
 * Plans every call of a run: which agent places it, the number it dials and the headers it sends.
 * Calls are numbered round-robin over agents, so call n of every agent happens in the same round.
 * Refuses, before anything starts, values that cannot be sent and keys that would make matching ambiguous.
 */
export function planCalls(scenario: Scenario, runId: string, source: HeaderValueSource): PlannedCall[] {
  const count = scenario.agents * scenario.callsPerAgent;
  if (source.kind === 'rows' && source.rows.length < count) {
    throw new CallcheckError(
      'INVALID_HEADER_VALUES',
      `${source.file} has ${source.rows.length} rows of header values, but the scenario places ${count} calls (${scenario.agents} agents × ${scenario.callsPerAgent})`,
      { hint: 'add a line per call, or lower agents/callsPerAgent' },
    );
  }
  const outcomes = assignOutcomes(scenario.outcomes, count);
  const seenKeys = new Map<string, string>();
  const calls: PlannedCall[] = [];
  for (let index = 0; index < count; index++) {
    const agent = agentName(index % scenario.agents);
    const id = `call-${String(index + 1).padStart(5, '0')}`;
    const headers = headerValuesFor(scenario, source, { index, agent, runId });
    const where = source.kind === 'rows' ? `${source.file} line ${index + 1}` : `call ${id}`;
    for (const [header, value] of Object.entries(headers)) {
      if (!scenario.mappings.some((m) => m.header === header)) {
        throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: header "${header}" is not in the scenario's header map`, {
          hint: `use one of ${scenario.mappings.map((m) => m.header).join(', ')}, or map "${header}" to a column`,
        });
      }
      if (typeof value !== 'string') {
        throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: value of "${header}" must be a string, got ${typeof value}`);
      }
      const reason = unsendableReason(value);
      if (reason) {
        throw new CallcheckError('UNSENDABLE_HEADER_VALUE', `${where}: value of ${header} ${JSON.stringify(value)} ${reason}`, {
          hint: 'remove the control characters from the value in your CRM export',
        });
      }
    }
    const key = headers[scenario.key.header];
    if (key === undefined || key === '') {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: the key header ${scenario.key.header} is missing or empty; calls are matched to CDR rows by it`);
    }
    // Asterisk's adaptive backend truncates silently: a key cut short could never be matched to its call.
    if ([...key].length > scenario.key.length) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: ${scenario.key.header} "${key}" has ${[...key].length} characters, but its column ${scenario.key.column} holds ${scenario.key.length}`, {
        hint: `give ${scenario.key.header} a longer column in the header map ({ column: '${scenario.key.column}', length: N }) or shorter values`,
      });
    }
    const previous = seenKeys.get(key);
    if (previous) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: ${scenario.key.header} "${key}" is also used by ${previous}; each call needs its own key to be matched to its CDR row`);
    }
    seenKeys.set(key, where);
    const plannedOutcome = outcomes[index] ?? 'answer';
    calls.push({ id, index, agent, dialed: dialedNumber(plannedOutcome, index), plannedOutcome, headers });
  }
  return calls;
}

function headerValuesFor(scenario: Scenario, source: HeaderValueSource, ctx: { index: number; agent: string; runId: string }): Record<string, string> {
  switch (source.kind) {
    case 'rows':
      return source.rows[ctx.index] ?? {};
    case 'function': {
      let values: unknown;
      try {
        values = source.fn(ctx);
      } catch (cause) {
        throw new CallcheckError('INVALID_SCENARIO', `the scenario's headerValues function threw for call ${ctx.index + 1}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      }
      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        throw new CallcheckError('INVALID_SCENARIO', `the scenario's headerValues function returned ${JSON.stringify(values)} for call ${ctx.index + 1}; it must return an object of header values`);
      }
      return values as Record<string, string>;
    }
    case 'generated':
      return Object.fromEntries(
        scenario.mappings.map((m) => [m.header, m === scenario.key ? `${ctx.runId}-${ctx.index + 1}` : `${m.column}-${ctx.index + 1}`]),
      );
  }
}

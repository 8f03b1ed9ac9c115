import { CallcheckError } from '../../contracts/errors.ts';
import { parseK6Duration } from '../../contracts/k6-duration.ts';
import { METRICS, type MetricDefinition } from './metrics.ts';
import { invalid, list, quoted } from './invalid-threshold.ts';
import { parseThresholdExpression, type Aggregation, type ThresholdOperator } from './threshold-expression.ts';
import { parseThresholdKey } from './threshold-key.ts';

/**
 * Parser of k6's `thresholds` option, checked against callcheck's metric catalogue:
 *
 * - key: `metric` or `metric{tag:value,tag2:value}`; whitespace around names and values is ignored, a value
 *   may be quoted (`{agent:"agent 7"}`), and a quoted value may hold `,` and `:`.
 * - entry: an expression string, or `{ threshold, abortOnFail?, delayAbortEval? }`.
 * - expression: `<aggregation> <operator> <number>`, whitespace tolerant; the aggregations of k6 per metric
 *   type (trend: avg, min, max, med, p(N) with 0 ≤ N ≤ 100; rate: rate; counter: count, rate per second of
 *   the run; gauge: value, min, max), the operators `<`, `<=`, `>`, `>=`, `==`, `===`, `!=`.
 *
 * Everything wrong is a CallcheckError (INVALID_SCENARIO) naming the key and the expression, with a hint
 * saying what to write instead; never a threshold that silently passes.
 */

export interface ParsedThreshold {
  /** The key as written, e.g. `dial_latency{phase:invite_to_200}`. */
  key: string;
  metric: MetricDefinition;
  /** The key's tag filter, e.g. `{ phase: 'invite_to_200' }`. */
  tags: Readonly<Record<string, string>>;
  /** The expression as written, trimmed. */
  expression: string;
  aggregation: Aggregation;
  operator: ThresholdOperator;
  target: number;
  abortOnFail: boolean;
  /** Time from the start of the run before the threshold may abort it; 0 when not set. */
  delayAbortEvalMs: number;
}

const ENTRY_FIELDS: ReadonlySet<string> = new Set(['threshold', 'abortOnFail', 'delayAbortEval']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One entry of a threshold list: a string expression or `{ threshold, abortOnFail?, delayAbortEval? }`. */
export function parseThresholdEntry(
  key: string,
  entry: unknown,
  filter: { metric: MetricDefinition; tags: Readonly<Record<string, string>> },
): ParsedThreshold {
  const { metric, tags } = filter;
  if (typeof entry === 'string') {
    return { key, metric, tags, expression: entry.trim(), ...parseThresholdExpression(key, entry, metric), abortOnFail: false, delayAbortEvalMs: 0 };
  }
  const objectHint = "write an expression string or { threshold: 'p(95)<300', abortOnFail: true, delayAbortEval: '10s' }";
  if (!isRecord(entry)) throw invalid(`threshold ${quoted(key)}: entry ${JSON.stringify(entry) ?? String(entry)} is neither an expression nor an object`, objectHint);
  const { threshold, abortOnFail, delayAbortEval } = entry;
  const where = `threshold ${quoted(key)}${typeof threshold === 'string' ? `: ${quoted(threshold.trim())}` : ''}`;
  const unknown = Object.keys(entry).filter((field) => !ENTRY_FIELDS.has(field));
  if (unknown.length > 0) throw invalid(`${where}: unknown field${unknown.length > 1 ? 's' : ''} ${list(unknown)}`, `the fields are threshold, abortOnFail and delayAbortEval`);
  if (typeof threshold !== 'string') throw invalid(`${where}: the object has no threshold expression`, objectHint);
  if (abortOnFail !== undefined && typeof abortOnFail !== 'boolean') {
    throw invalid(`${where}: abortOnFail must be true or false, got ${JSON.stringify(abortOnFail)}`, 'write abortOnFail: true');
  }
  let delayAbortEvalMs = 0;
  if (delayAbortEval !== undefined) {
    const ms = typeof delayAbortEval === 'string' ? parseK6Duration(delayAbortEval) : undefined;
    if (ms === undefined) {
      throw invalid(`${where}: delayAbortEval ${JSON.stringify(delayAbortEval)} is not a duration`, "write a k6 duration string, e.g. delayAbortEval: '30s' or '1m30s'");
    }
    delayAbortEvalMs = ms;
  }
  return {
    key,
    metric,
    tags,
    expression: threshold.trim(),
    ...parseThresholdExpression(key, threshold, metric),
    abortOnFail: abortOnFail === true,
    delayAbortEvalMs,
  };
}

/**
 * Every threshold of a k6 `thresholds` option, in key then list order. Checks all of them and throws one
 * CallcheckError naming each that is wrong (its hint the union of theirs).
 */
export function parseThresholds(option: unknown, catalogue: readonly MetricDefinition[] = METRICS): ParsedThreshold[] {
  if (option === undefined) return [];
  if (!isRecord(option)) {
    throw invalid('thresholds must map metric keys to lists of expressions', "write thresholds: { 'dial_latency{phase:invite_to_200}': ['p(95)<300'] }");
  }
  const parsed: ParsedThreshold[] = [];
  const problems: CallcheckError[] = [];
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof CallcheckError)) throw error;
      problems.push(error);
    }
  };
  for (const [key, entries] of Object.entries(option)) {
    attempt(() => {
      if (!Array.isArray(entries)) {
        throw invalid(
          `threshold ${quoted(key)}: expected a list of expressions, got ${JSON.stringify(entries) ?? String(entries)}`,
          typeof entries === 'string' ? `write '${key}': ['${entries}']` : `write '${key}': ['<aggregation><operator><number>']`,
        );
      }
      const expressions = entries.map((e: unknown) => (typeof e === 'string' ? e.trim() : isRecord(e) && typeof e.threshold === 'string' ? e.threshold.trim() : String(e)));
      const filter = parseThresholdKey(key, catalogue, expressions);
      for (const entry of entries as unknown[]) attempt(() => parsed.push(parseThresholdEntry(key, entry, filter)));
    });
  }
  const [first] = problems;
  if (first && problems.length === 1) throw first;
  if (first) {
    const hints = [...new Set(problems.map((p) => p.hint).filter((h): h is string => h !== undefined))];
    throw invalid(`${problems.length} thresholds are invalid:\n${problems.map((p) => `- ${p.message}`).join('\n')}`, hints.join('\n'));
  }
  return parsed;
}

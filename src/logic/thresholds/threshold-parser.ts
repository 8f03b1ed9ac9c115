import { CallcheckError } from '../../contracts/errors.ts';
import { parseK6Duration } from '../../contracts/k6-duration.ts';
import { METRICS, type MetricDefinition, type MetricType } from './metrics.ts';

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

export type AggregationMethod = 'avg' | 'min' | 'max' | 'med' | 'p' | 'rate' | 'count' | 'value';

export interface Aggregation {
  method: AggregationMethod;
  /** The percentile of `p(N)`, 0..100. */
  p?: number;
}

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

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

const METHODS_BY_TYPE: Readonly<Record<MetricType, readonly AggregationMethod[]>> = {
  trend: ['avg', 'min', 'max', 'med', 'p'],
  rate: ['rate'],
  counter: ['count', 'rate'],
  gauge: ['value', 'min', 'max'],
};

const TYPE_HINT: Readonly<Record<MetricType, string>> = {
  trend: "a trend takes avg, min, max, med or p(N), e.g. 'p(95)<300' or 'avg<=150'",
  rate: "a rate takes rate, a fraction from 0 to 1, e.g. 'rate==1' or 'rate<0.01'",
  counter: "a counter takes count, e.g. 'count==0', or rate (per second of the run), e.g. 'rate>=5'",
  gauge: "a gauge takes value (the last one), min or max, e.g. 'value<100'",
};

const ALL_METHODS: ReadonlySet<string> = new Set<AggregationMethod>(['avg', 'min', 'max', 'med', 'p', 'rate', 'count', 'value']);

/** The aggregation as k6 writes it: `p(95)`, `avg`, ... */
export function aggregationText(aggregation: Aggregation): string {
  return aggregation.method === 'p' ? `p(${aggregation.p})` : aggregation.method;
}

function invalid(message: string, hint: string): CallcheckError {
  return new CallcheckError('INVALID_SCENARIO', message, { hint });
}

function quoted(text: string): string {
  return `'${text}'`;
}

function list(values: readonly string[]): string {
  return values.join(', ');
}

/** Splits a tag list on the commas outside quotes; undefined when a quote is not closed. */
function splitTagList(body: string): string[] | undefined {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of body) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quote !== undefined) return undefined;
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) return value.slice(1, -1);
  return value;
}

const KEY_SHAPE = /^([^{}]*?)\s*(?:\{([^]*)\})?$/;

/**
 * The metric and tag filter of a threshold key, checked against `catalogue`. `expressions` only makes the
 * message name what the key was for.
 */
export function parseThresholdKey(
  key: string,
  catalogue: readonly MetricDefinition[] = METRICS,
  expressions: readonly string[] = [],
): { metric: MetricDefinition; tags: Record<string, string> } {
  const where = `threshold ${quoted(key)}${expressions.length > 0 ? ` (${list(expressions.map(quoted))})` : ''}`;
  const example = "e.g. 'dial_latency{phase:invite_to_200}' or 'cdr_matched'";
  const shape = KEY_SHAPE.exec(key.trim());
  const name = shape?.[1]?.trim() ?? '';
  if (!shape || name === '') {
    throw invalid(`${where}: not a metric key; expected metric or metric{tag:value,...}`, `write a metric name with an optional tag filter, ${example}`);
  }
  const metric = catalogue.find((m) => m.name === name);
  if (!metric) {
    throw invalid(
      `${where}: unknown metric ${quoted(name)}; callcheck's metrics are ${list(catalogue.map((m) => m.name))}`,
      `use one of callcheck's metrics, ${example}`,
    );
  }
  const tags: Record<string, string> = {};
  const body = shape[2];
  if (body !== undefined) {
    const parts = splitTagList(body);
    const tagExample = `e.g. '${metric.name}{${metric.tagKeys[0] ?? 'tag'}:value}'`;
    if (!parts) throw invalid(`${where}: a quote in the tag filter is not closed`, `close the quote, ${tagExample}`);
    for (const part of parts) {
      const colon = part.indexOf(':');
      const tagKey = colon < 0 ? '' : part.slice(0, colon).trim();
      const value = colon < 0 ? '' : unquote(part.slice(colon + 1).trim());
      if (tagKey === '' || value === '') {
        throw invalid(`${where}: tag filter ${quoted(part.trim())} is not tag:value`, `write tags as tag:value separated by commas, ${tagExample}`);
      }
      if (!metric.tagKeys.includes(tagKey)) {
        throw invalid(
          metric.tagKeys.length === 0
            ? `${where}: ${metric.name} has no tags to filter on, got ${quoted(tagKey)}`
            : `${where}: ${metric.name} has no tag ${quoted(tagKey)}; its tags are ${list(metric.tagKeys)}`,
          metric.tagKeys.length === 0 ? `write the key without a tag filter: '${metric.name}'` : `filter on one of its tags, ${tagExample}`,
        );
      }
      if (tags[tagKey] !== undefined) {
        throw invalid(`${where}: tag ${quoted(tagKey)} is given twice`, `give each tag once; a sample carries one value per tag`);
      }
      const known = metric.tagValues[tagKey];
      if (known && !known.includes(value)) {
        throw invalid(
          `${where}: ${quoted(value)} is not a known ${tagKey}; the ${tagKey}s of ${metric.name} are ${list(known)}`,
          `use one of them, e.g. '${metric.name}{${tagKey}:${known[0]}}'`,
        );
      }
      tags[tagKey] = value;
    }
  }
  for (const required of metric.requiredTagKeys) {
    if (tags[required] === undefined) {
      const known = metric.tagValues[required] ?? [];
      throw invalid(
        `${where}: ${metric.name} needs a ${required} tag, one threshold per ${required}${known.length > 0 ? `; the ${required}s are ${list(known)}` : ''}`,
        `write '${metric.name}{${required}:${known[0] ?? 'value'}}'`,
      );
    }
  }
  return { metric, tags };
}

const EXPRESSION_SHAPE = /^([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*(===|==|!=|<=|>=|<|>)\s*(.*)$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Aggregation, operator and target of an expression, checked against the metric's type. */
export function parseThresholdExpression(
  key: string,
  expression: string,
  metric: MetricDefinition,
): { aggregation: Aggregation; operator: ThresholdOperator; target: number } {
  const text = expression.trim();
  const where = `threshold ${quoted(key)}: ${quoted(text)}`;
  const methods = METHODS_BY_TYPE[metric.type];
  const typeHint = `${metric.name} is a ${metric.type}; ${TYPE_HINT[metric.type]}`;
  const shape = EXPRESSION_SHAPE.exec(text);
  if (!shape) {
    throw invalid(
      `${where} is not <aggregation> <operator> <number> (operators: <, <=, >, >=, ==, ===, !=)`,
      typeHint,
    );
  }
  const [, name = '', argument, operator = '', targetText = ''] = shape;
  if (!ALL_METHODS.has(name)) throw invalid(`${where}: unknown aggregation ${quoted(name)}`, typeHint);
  const method = name as AggregationMethod;
  const aggregation: Aggregation = { method };
  if (method === 'p') {
    const p = argument === undefined ? '' : argument.trim();
    if (!NUMBER.test(p) || Number(p) < 0 || Number(p) > 100) {
      throw invalid(`${where}: p(N) needs a percentile N from 0 to 100, got ${argument === undefined ? 'none' : quoted(p)}`, "e.g. 'p(95)<300' or 'p(99.9)<800'");
    }
    aggregation.p = Number(p);
  } else if (argument !== undefined) {
    throw invalid(`${where}: ${name} takes no argument`, `write '${name}${operator}${targetText.trim()}'`);
  }
  if (!methods.includes(method)) {
    throw invalid(`${where}: ${aggregationText(aggregation)} does not apply to ${metric.name}, a ${metric.type}`, typeHint);
  }
  const target = targetText.trim();
  if (!NUMBER.test(target)) {
    throw invalid(
      `${where}: ${quoted(target)} is not a number`,
      `compare with a plain number${metric.unit === 'ms' ? ' of milliseconds (no unit)' : ''}, e.g. '${aggregationText(aggregation)}${operator}${metric.unit === 'ms' ? 300 : 1}'`,
    );
  }
  return { aggregation, operator: operator as ThresholdOperator, target: Number(target) };
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

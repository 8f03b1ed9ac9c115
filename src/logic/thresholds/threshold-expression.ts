import type { MetricDefinition, MetricType } from './metrics.ts';
import { invalid, quoted } from './invalid-threshold.ts';

export type AggregationMethod = 'avg' | 'min' | 'max' | 'med' | 'p' | 'rate' | 'count' | 'value';

export interface Aggregation {
  method: AggregationMethod;
  /** The percentile of `p(N)`, 0..100. */
  p?: number;
}

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

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

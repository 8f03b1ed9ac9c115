import { METRICS, type MetricDefinition } from './metrics.ts';
import { invalid, list, quoted } from './invalid-threshold.ts';

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

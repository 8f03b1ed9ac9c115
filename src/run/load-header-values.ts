import { readFile } from 'node:fs/promises';
import { CallcheckError } from '../contracts/errors.ts';
import type { HeaderValue } from '../contracts/header-map.ts';

/**
 * Reads a JSON-lines file of header values: one JSON object per call, header name → a string, or an array
 * of strings to send the header once per element.
 * Blank lines are skipped; anything else that is not such an object is an error naming the line.
 */
export async function loadHeaderValues(file: string): Promise<Record<string, HeaderValue>[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CallcheckError('INVALID_HEADER_VALUES', `cannot read header values file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const rows: Record<string, HeaderValue>[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${file} line ${i + 1} is not valid JSON`, { hint: 'each line must be one object such as {"X-CRM-Id":"C-1001"}' });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${file} line ${i + 1} is not a JSON object`, { hint: 'each line must be one object such as {"X-CRM-Id":"C-1001"}' });
    }
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string' && !(Array.isArray(v) && v.every((e) => typeof e === 'string'))) {
        throw new CallcheckError('INVALID_HEADER_VALUES', `${file} line ${i + 1}: value of "${k}" is ${JSON.stringify(v)}, not a string or an array of strings`, {
          hint: 'quote every value; an array sends the header once per value',
        });
      }
    }
    rows.push(value as Record<string, HeaderValue>);
  });
  return rows;
}

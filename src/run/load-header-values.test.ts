import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { rejectionOf } from '../../tests/support/callcheck-error.ts';
import { loadHeaderValues } from './load-header-values.ts';

const dir = useTempDir('header-values');

let counter = 0;
async function fileWith(text: string): Promise<string> {
  const file = join(dir(), `values-${++counter}.jsonl`);
  await writeFile(file, text);
  return file;
}


describe('loadHeaderValues', () => {
  it('reads one object per line, in order, skipping blank lines', async () => {
    const file = await fileWith('{"X-CRM-Id":"C-1","X-Team":"a"}\n\n   \n{"X-CRM-Id":"C-2"}\n');
    expect(await loadHeaderValues(file)).toEqual([{ 'X-CRM-Id': 'C-1', 'X-Team': 'a' }, { 'X-CRM-Id': 'C-2' }]);
  });

  it('accepts a last line without a newline and an empty object', async () => {
    const file = await fileWith('{}\n{"X-CRM-Id":"C-9"}');
    expect(await loadHeaderValues(file)).toEqual([{}, { 'X-CRM-Id': 'C-9' }]);
  });

  it('names the line of invalid JSON, counting blank lines', async () => {
    const file = await fileWith('{"X-CRM-Id":"C-1"}\n\n{"X-CRM-Id":\n');
    const error = await rejectionOf(loadHeaderValues(file));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${file} line 3 is not valid JSON`);
  });

  it.each([['[]'], ['"C-1"'], ['42'], ['null']])('names the line holding %s, which is not an object', async (line) => {
    const file = await fileWith(`{"X-CRM-Id":"C-1"}\n${line}\n`);
    const error = await rejectionOf(loadHeaderValues(file));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe(`${file} line 2 is not a JSON object`);
  });

  it('names the line and header of a value that is not a string', async () => {
    const file = await fileWith('{"X-CRM-Id":"C-1"}\n{"X-CRM-Id":"C-2"}\n{"X-CRM-Id":1002}\n');
    const error = await rejectionOf(loadHeaderValues(file));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe(`${file} line 3: value of "X-CRM-Id" is 1002, not a string or an array of strings`);
  });

  it('refuses a file that cannot be read as INVALID_HEADER_VALUES', async () => {
    const file = join(dir(), 'absent.jsonl');
    const error = await rejectionOf(loadHeaderValues(file));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toContain(`cannot read header values file ${file}`);
  });
});

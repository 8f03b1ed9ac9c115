import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeCall } from '../../tests/support/fake-calls.ts';
import { CALLS_LOG_FILE, readCallsLog } from './calls-log.ts';

async function dirWith(text: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'callcheck-calls-log-'));
  if (text !== undefined) await writeFile(join(dir, CALLS_LOG_FILE), text);
  return dir;
}

describe('readCallsLog', () => {
  const line = (n: number) => JSON.stringify(fakeCall(n));

  it('reads every line, and leaves out a last line cut short by a kill, saying so', async () => {
    const kept = await readCallsLog(await dirWith(`${line(1)}\n${line(2)}\n${line(3).slice(0, 40)}`));
    expect(kept.calls.map((c) => c.id)).toEqual(['call-00001', 'call-00002']);
    expect(kept.truncatedLastLine).toBe(true);
  });

  it('refuses a damaged line before the last, naming it', async () => {
    await expect(readCallsLog(await dirWith(`${line(1)}\n{"id":\n${line(3)}\n`))).rejects.toThrow(/calls\.jsonl line 2 is not a call record/);
  });

  it('reads a run that ended no call as none', async () => {
    expect(await readCallsLog(await dirWith(undefined))).toEqual({ calls: [], truncatedLastLine: false });
  });
});

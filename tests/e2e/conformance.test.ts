import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/contracts/results.ts';
import { CDR_ENGINES, onCdrImage, readJUnit, runScenario } from './support.ts';

describe.each(CDR_ENGINES)('callcheck run on the real stack, CDRs in $engine', ({ engine, image }) => {
  it('places 12 tagged calls from Chromium and finds every CDR row with the right values', async () => {
    const outcome = await runScenario(onCdrImage({
      name: 'e2e-conformance',
      headers: { 'X-CRM-Id': 'crm_id', 'X-Campaign': { column: 'campaign', length: 32 } },
      agents: 3,
      agentsPerPage: 3,
      callsPerAgent: 4,
      ringTimeMs: 100,
      talkTimeMs: 1200,
    }, image));
    const { results } = outcome;
    expect(results.stack.cdrEngine).toBe(engine);
    expect(results.summary).toMatchObject({ placed: 12, answered: 12, failed: 0, conforms: true });
    expect(results.summary.cdr).toMatchObject({ matched: 12, missing: 0, duplicate: 0, mismatched: 0, unknown: 0 });
    expect(outcome.exitCode).toBe(0);

    // Every call carried its own CRM id into its own row, from the agent that placed it.
    for (const call of results.calls) {
      expect(call.cdr.kind).toBe('matched');
      if (call.cdr.kind !== 'matched') continue;
      expect(call.cdr.row.mapped['crm_id']).toBe(call.headers['X-CRM-Id']);
      expect(call.cdr.row.mapped['campaign']).toBe(call.headers['X-Campaign']);
      expect(call.cdr.row.src).toBe(call.agent);
      expect(call.cdr.row.disposition).toBe('ANSWERED');
      // Audio came back from Asterisk's echo on every call: its own signature, heard after the first RTP.
      expect(call.media?.packetsReceived ?? 0).toBeGreaterThan(0);
      expect(call.timeline.firstRtp).toBeGreaterThan(call.timeline.answered ?? Infinity);
      expect(call.audio).toMatchObject({ heard: true });
      expect(call.audio?.crossedWith).toBeUndefined();
      expect(call.timeline.firstAudio).toBeGreaterThan(call.timeline.firstRtp ?? Infinity);
      expect(call.timeline.firstAudio).toBeLessThan(call.timeline.byeSent ?? -Infinity);
      expect(call.media?.mos).toBeGreaterThanOrEqual(1);
      expect(call.media?.mos).toBeLessThanOrEqual(4.5);
      // Chromium kept its 127.0.0.1 socket for the whole call and Asterisk echoed every packet: a switch
      // to the host's interface address mid-call cost 4 packets to Asterisk's strict RTP.
      expect(call.media?.selectedPair?.local).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(call.media?.packetsLost).toBe(0);
    }
    // Each call sent a signature of its own.
    expect(new Set(results.calls.map((c) => c.audio?.signature)).size).toBe(12);
    expect(results.browsers[0]?.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    // What was written to disk is what was returned, and calls.jsonl has one line per ended call.
    const written = JSON.parse(await readFile(join(outcome.runDir, 'results.json'), 'utf8')) as RunResults;
    expect(written.summary).toEqual(results.summary);
    const lines = (await readFile(join(outcome.runDir, 'calls.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(12);
    const junit = await readJUnit(outcome.runDir);
    expect(junit.testcases).toHaveLength(12);
    expect(junit.failures).toEqual([]);
    const html = await readFile(join(outcome.runDir, 'index.html'), 'utf8');
    expect(html).toContain('CONFORMS');
  });
});

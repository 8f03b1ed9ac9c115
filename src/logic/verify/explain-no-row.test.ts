import { describe, expect, it } from 'vitest';
import type { Outage } from '../../contracts/observations.ts';
import { CDR_POST_MARGIN_MS, explainNoRow } from './explain-no-row.ts';

const DB: Outage = { component: 'cdr-db', lastUpAt: 10_000, downAt: 10_250, upAt: 14_000, recoveredAt: 14_600, recoveryMs: 600 };
const PBX: Outage = { component: 'asterisk', lastUpAt: 20_000, downAt: 20_250 };

const ended = (at: number) => ({ timeline: { dialRequested: at - 1500, trying: at - 1480, answered: at - 1400, ended: at } });

describe('explainNoRow: a CDR database outage', () => {
  it('calls the row lost when the call hung up from the margin before the outage until rows were written again', () => {
    for (const at of [10_000 - CDR_POST_MARGIN_MS, 10_100, 12_000, 14_599]) expect(explainNoRow(ended(at), [DB])?.kind, String(at)).toBe('lost');
  });

  it('explains nothing outside that window: the row is then missing', () => {
    for (const at of [10_000 - CDR_POST_MARGIN_MS - 1, 14_600, 30_000]) expect(explainNoRow(ended(at), [DB]), String(at)).toBeUndefined();
  });

  it('names the outage and what the backend does in the reason', () => {
    const verdict = explainNoRow(ended(12_000), [DB]);
    expect(verdict).toMatchObject({ kind: 'lost', outage: DB });
    expect(verdict?.kind === 'lost' ? verdict.reason : '').toMatch(/1970-01-01T00:00:10.000Z\.\.1970-01-01T00:00:10.250Z.*rows were written again from 1970-01-01T00:00:14.600Z.*no retry and no spool/);
  });

  it('counts every later call as lost when no row came after the outage', () => {
    const { recoveredAt: _r, recoveryMs: _m, ...never } = DB;
    expect(explainNoRow(ended(60_000), [never])?.kind).toBe('lost');
  });
});

describe('explainNoRow: Asterisk went down', () => {
  it('calls a call up at the moment in flight, hung up or not', () => {
    expect(explainNoRow({ timeline: { dialRequested: 18_000, trying: 18_020, answered: 18_100 } }, [PBX])?.kind).toBe('in-flight');
    expect(explainNoRow(ended(20_100), [PBX])?.kind).toBe('in-flight');
    expect(explainNoRow(ended(20_000 - CDR_POST_MARGIN_MS + 1), [PBX])?.kind).toBe('in-flight');
  });

  it('leaves a call that ended well before it to be missing', () => {
    expect(explainNoRow(ended(20_000 - CDR_POST_MARGIN_MS - 1), [PBX])).toBeUndefined();
  });

  it('calls a call dialed once it was down not placed, and one dialed in between placed only if Asterisk answered it', () => {
    expect(explainNoRow({ timeline: { dialRequested: 25_000 } }, [PBX])?.kind).toBe('not-placed');
    expect(explainNoRow({ timeline: { dialRequested: 20_100 } }, [PBX])?.kind).toBe('not-placed');
    expect(explainNoRow({ timeline: { dialRequested: 20_100, trying: 20_120 } }, [PBX])?.kind).toBe('in-flight');
  });

  it('explains nothing once Asterisk was back, or for a call with no stamp at all', () => {
    expect(explainNoRow({ timeline: { dialRequested: 31_000 } }, [{ ...PBX, upAt: 30_000 }])).toBeUndefined();
    expect(explainNoRow({ timeline: {} }, [PBX, DB])).toBeUndefined();
  });
});

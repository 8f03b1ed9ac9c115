import { describe, expect, it } from 'vitest';
import { parseSippRtt, parseSippStatsRows, peakFromScreen, placingWindowMs, sippDateMs, summarizeSippStats } from './sipp-stats.ts';

/** The header row SIPp 3.6.1 wrote for callcheck's scenario (its `rtd` is named `invite`). */
const HEADER =
  'StartTime;LastResetTime;CurrentTime;ElapsedTime(P);ElapsedTime(C);TargetRate;CallRate(P);CallRate(C);IncomingCall(P);IncomingCall(C);OutgoingCall(P);OutgoingCall(C);TotalCallCreated;CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);FailedCannotSendMessage(P);FailedCannotSendMessage(C);FailedMaxUDPRetrans(P);FailedMaxUDPRetrans(C);FailedTcpConnect(P);FailedTcpConnect(C);FailedTcpClosed(P);FailedTcpClosed(C);FailedUnexpectedMessage(P);FailedUnexpectedMessage(C);FailedCallRejected(P);FailedCallRejected(C);FailedCmdNotSent(P);FailedCmdNotSent(C);FailedRegexpDoesntMatch(P);FailedRegexpDoesntMatch(C);FailedRegexpShouldntMatch(P);FailedRegexpShouldntMatch(C);FailedRegexpHdrNotFound(P);FailedRegexpHdrNotFound(C);FailedOutboundCongestion(P);FailedOutboundCongestion(C);FailedTimeoutOnRecv(P);FailedTimeoutOnRecv(C);FailedTimeoutOnSend(P);FailedTimeoutOnSend(C);FailedTestDoesntMatch(P);FailedTestDoesntMatch(C);FailedTestShouldntMatch(P);FailedTestShouldntMatch(C);FailedStrcmpDoesntMatch(P);FailedStrcmpDoesntMatch(C);FailedStrcmpShouldntMatch(P);FailedStrcmpShouldntMatch(C);OutOfCallMsgs(P);OutOfCallMsgs(C);DeadCallMsgs(P);DeadCallMsgs(C);Retransmissions(P);Retransmissions(C);AutoAnswered(P);AutoAnswered(C);Warnings(P);Warnings(C);FatalErrors(P);FatalErrors(C);WatchdogMajor(P);WatchdogMajor(C);WatchdogMinor(P);WatchdogMinor(C);ResponseTimeinvite(P);ResponseTimeinvite(C);ResponseTimeinviteStDev(P);ResponseTimeinviteStDev(C);CallLength(P);CallLength(C);CallLengthStDev(P);CallLengthStDev(C);ResponseTimeRepartitioninvite;ResponseTimeRepartitioninvite_<5;ResponseTimeRepartitioninvite_<10;ResponseTimeRepartitioninvite_<20;ResponseTimeRepartitioninvite_<50;ResponseTimeRepartitioninvite_<100;ResponseTimeRepartitioninvite_<200;ResponseTimeRepartitioninvite_<500;ResponseTimeRepartitioninvite_<1000;ResponseTimeRepartitioninvite_<2000;ResponseTimeRepartitioninvite_>=2000;CallLengthRepartition;CallLengthRepartition_<100;CallLengthRepartition_<500;CallLengthRepartition_<1000;CallLengthRepartition_<5000;CallLengthRepartition_<10000;CallLengthRepartition_<30000;CallLengthRepartition_>=30000;';

const START = 1_795_682_884.056628;
const date = (epochS: number) => `2026-11-26\t08:48:04.000000\t${epochS.toFixed(6)}`;

/** One statistics row: every counter 0 unless given, dates as SIPp writes them. */
function row(atS: number, counters: Record<string, number>): string {
  return HEADER.split(';')
    .map((name) => {
      if (name === 'StartTime') return date(START);
      if (name === 'LastResetTime' || name === 'CurrentTime') return date(START + atS);
      if (name === '') return '';
      if (/^(ElapsedTime|ResponseTime|CallLength)/.test(name) && !/Repartition/.test(name)) return '00:00:00:000000';
      return String(counters[name] ?? 0);
    })
    .join(';');
}

const CSV = [
  HEADER,
  row(0.0005, {}),
  row(0.1, { TotalCallCreated: 120, CurrentCall: 118, 'SuccessfulCall(C)': 2 }),
  row(0.2, { TotalCallCreated: 240, CurrentCall: 300, 'SuccessfulCall(C)': 20 }),
  row(0.3, { TotalCallCreated: 240, CurrentCall: 90, 'SuccessfulCall(C)': 150 }),
  row(0.45, { TotalCallCreated: 240, CurrentCall: 0, 'SuccessfulCall(C)': 237, 'FailedCall(C)': 3, 'FailedUnexpectedMessage(C)': 1, 'FailedTimeoutOnRecv(C)': 2, 'Retransmissions(C)': 17 }),
  '',
].join('\n');

describe('SIPp statistics', () => {
  it('reads date cells to the µs', () => {
    expect(sippDateMs('2026-11-26\t08:48:04.056628\t1795682884.056628')).toBeCloseTo(1_795_682_884_056.628, 3);
    expect(() => sippDateMs('00:00:01')).toThrow(/not a SIPp date/);
  });

  it('reads rows by counter name', () => {
    const rows = parseSippStatsRows(CSV);
    expect(rows).toHaveLength(5);
    expect(rows[1]?.['TotalCallCreated']).toBe('120');
    expect(rows[4]?.['FailedTimeoutOnRecv(C)']).toBe('2');
    expect(() => parseSippStatsRows('Date_ms;response_time_ms;rtd_no\n')).toThrow(/not a SIPp statistics file/);
  });

  it('sums up the run: totals from the last row, peak and end of placing from the rows over time', () => {
    const s = summarizeSippStats(CSV);
    expect(s).toMatchObject({ created: 240, successful: 237, failed: 3, peakCurrentSampled: 300, currentAtEnd: 0, retransmissions: 17, rows: 5 });
    expect(s.failures).toEqual({ UnexpectedMessage: 1, TimeoutOnRecv: 2 });
    expect(s.startedAt).toBeCloseTo(START * 1000, 3);
    expect(s.lastCreatedAt - s.startedAt).toBeCloseTo(200, 3);
    expect(s.lastRowAt - s.startedAt).toBeCloseTo(450, 3);
    expect(() => summarizeSippStats(`${HEADER}\n`)).toThrow(/no row/);
  });

  it('reads the peak from the last screen', () => {
    const screen = '  0 calls (limit 100)  Peak was 5 calls, after 0 s\n...\n  0 calls (limit 5280)                    Peak was 1303 calls, after 2 s\n';
    expect(peakFromScreen(screen)).toBe(1303);
    expect(peakFromScreen('nothing')).toBeUndefined();
  });

  it('reads per-call response times and the window in which the calls were sent', () => {
    // As SIPp 3.6.1 wrote it: ms since start (its clock has ms steps), whole ms, the rtd's name.
    const rtts = parseSippRtt('Date_ms;response_time_ms;rtd_no\n28.001;4;invite\n44.001;0;invite\n2012.001;12;invite\n');
    expect(rtts).toEqual([
      { atMs: 28.001, responseMs: 4, rtd: 'invite' },
      { atMs: 44.001, responseMs: 0, rtd: 'invite' },
      { atMs: 2012.001, responseMs: 12, rtd: 'invite' },
    ]);
    expect(placingWindowMs(rtts)).toBeCloseTo(2000 - 24, 6);
    expect(placingWindowMs(rtts.slice(0, 1))).toBeUndefined();
    expect(() => parseSippRtt('StartTime;x\n')).toThrow(/not a SIPp response-time file/);
  });
});

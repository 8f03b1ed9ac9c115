import { describe, expect, it } from 'vitest';
import { CallTimelineRecorder } from './call-timeline-recorder.ts';
import type { TappedMessage } from './sip-tap.ts';

type Step = [at: number, direction: 'sent' | 'received', firstLine: string, method: string];

/** Feeds messages built from `[at, direction, firstLine, cseqMethod]`; the status is read from the first line. */
function feed(steps: Step[]): CallTimelineRecorder {
  const recorder = new CallTimelineRecorder();
  for (const [at, direction, firstLine, method] of steps) {
    const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine)?.[1];
    const message: TappedMessage = { at, direction, firstLine, callId: 'c1', method };
    if (status) message.status = Number(status);
    recorder.onMessage(message);
  }
  return recorder;
}

const ANSWERED_CALL: Step[] = [
  [100, 'sent', 'INVITE sip:200000000@pbx SIP/2.0', 'INVITE'],
  [105, 'received', 'SIP/2.0 401 Unauthorized', 'INVITE'],
  [106, 'sent', 'ACK sip:200000000@pbx SIP/2.0', 'ACK'],
  [110, 'sent', 'INVITE sip:200000000@pbx SIP/2.0', 'INVITE'],
  [115, 'received', 'SIP/2.0 100 Trying', 'INVITE'],
  [130, 'received', 'SIP/2.0 180 Ringing', 'INVITE'],
  [340, 'received', 'SIP/2.0 200 OK', 'INVITE'],
  [342, 'sent', 'ACK sip:200000000@pbx SIP/2.0', 'ACK'],
  [2342, 'sent', 'BYE sip:200000000@pbx SIP/2.0', 'BYE'],
  [2350, 'received', 'SIP/2.0 200 OK', 'BYE'],
];

describe('CallTimelineRecorder', () => {
  it('stamps an answered call through a digest challenge, ending when the BYE is answered', () => {
    const recorder = feed(ANSWERED_CALL);
    expect(recorder.timeline).toEqual({ inviteSent: 100, trying: 115, ringing: 130, answered: 340, ackSent: 342, byeSent: 2342, ended: 2350 });
    expect(recorder.finalStatus).toBe(200);
    expect(recorder.finalReason).toBe('OK');
  });

  it('stamps the CANCEL of a call the agent hung up while it rang, ending with the 487 to the INVITE', () => {
    const recorder = feed([
      [110, 'sent', 'INVITE sip:487000000@pbx SIP/2.0', 'INVITE'],
      [115, 'received', 'SIP/2.0 100 Trying', 'INVITE'],
      [130, 'received', 'SIP/2.0 180 Ringing', 'INVITE'],
      [1130, 'sent', 'CANCEL sip:487000000@pbx SIP/2.0', 'CANCEL'],
      [1134, 'received', 'SIP/2.0 200 OK', 'CANCEL'],
      [1135, 'received', 'SIP/2.0 487 Request Terminated', 'INVITE'],
      [1136, 'sent', 'ACK sip:487000000@pbx SIP/2.0', 'ACK'],
    ]);
    expect(recorder.timeline).toEqual({ inviteSent: 110, trying: 115, ringing: 130, cancelSent: 1130, ended: 1135 });
    expect(recorder.finalStatus).toBe(487);
    expect(recorder.finalReason).toBe('Request Terminated');
  });

  it('keeps every message in the SIP trace, in order', () => {
    const recorder = feed(ANSWERED_CALL);
    expect(recorder.sip).toHaveLength(10);
    expect(recorder.sip[1]).toEqual({ at: 105, direction: 'received', firstLine: 'SIP/2.0 401 Unauthorized' });
    expect(recorder.sip.map((s) => s.at)).toEqual(ANSWERED_CALL.map((s) => s[0]));
  });

  it('records a busy call with its 486 as final status and no ACK stamp', () => {
    const recorder = feed([
      [100, 'sent', 'INVITE sip:486000001@pbx SIP/2.0', 'INVITE'],
      [104, 'received', 'SIP/2.0 407 Proxy Authentication Required', 'INVITE'],
      [105, 'sent', 'ACK sip:486000001@pbx SIP/2.0', 'ACK'],
      [110, 'sent', 'INVITE sip:486000001@pbx SIP/2.0', 'INVITE'],
      [114, 'received', 'SIP/2.0 100 Trying', 'INVITE'],
      [120, 'received', 'SIP/2.0 486 Busy Here', 'INVITE'],
      [121, 'sent', 'ACK sip:486000001@pbx SIP/2.0', 'ACK'],
    ]);
    expect(recorder.timeline).toEqual({ inviteSent: 100, trying: 114, ended: 120 });
    expect(recorder.finalStatus).toBe(486);
    expect(recorder.finalReason).toBe('Busy Here');
  });

  it('counts 183 Session Progress as ringing and keeps the first of several', () => {
    const recorder = feed([
      [100, 'sent', 'INVITE sip:x SIP/2.0', 'INVITE'],
      [120, 'received', 'SIP/2.0 183 Session Progress', 'INVITE'],
      [150, 'received', 'SIP/2.0 180 Ringing', 'INVITE'],
      [160, 'received', 'SIP/2.0 100 Trying', 'INVITE'],
    ]);
    expect(recorder.timeline).toEqual({ inviteSent: 100, ringing: 120, trying: 160 });
    expect(recorder.finalStatus).toBeUndefined();
  });

  it('keeps the first final response when a retransmission follows', () => {
    const recorder = feed([
      [100, 'sent', 'INVITE sip:x SIP/2.0', 'INVITE'],
      [200, 'received', 'SIP/2.0 200 OK', 'INVITE'],
      [201, 'sent', 'ACK sip:x SIP/2.0', 'ACK'],
      [700, 'received', 'SIP/2.0 200 OK', 'INVITE'],
      [701, 'sent', 'ACK sip:x SIP/2.0', 'ACK'],
    ]);
    expect(recorder.timeline).toEqual({ inviteSent: 100, answered: 200, ackSent: 201 });
  });

  it('ignores requests received from Asterisk and responses to other methods', () => {
    const recorder = feed([
      [100, 'sent', 'INVITE sip:x SIP/2.0', 'INVITE'],
      [200, 'received', 'SIP/2.0 200 OK', 'INVITE'],
      [900, 'received', 'BYE sip:agent001@abc SIP/2.0', 'BYE'],
      [901, 'sent', 'SIP/2.0 200 OK', 'BYE'],
      [950, 'received', 'SIP/2.0 200 OK', 'OPTIONS'],
    ]);
    expect(recorder.timeline).toEqual({ inviteSent: 100, answered: 200 });
    expect(recorder.finalStatus).toBe(200);
  });

  it('lets stamp() set an event only once', () => {
    const recorder = new CallTimelineRecorder();
    recorder.stamp('dialRequested', 50);
    recorder.stamp('dialRequested', 60);
    expect(recorder.timeline).toEqual({ dialRequested: 50 });
  });

  it('keeps the last digest challenge when the credentials are refused again', () => {
    const recorder = feed([
      [100, 'sent', 'INVITE sip:x SIP/2.0', 'INVITE'],
      [105, 'received', 'SIP/2.0 401 Unauthorized', 'INVITE'],
      [110, 'sent', 'INVITE sip:x SIP/2.0', 'INVITE'],
      [115, 'received', 'SIP/2.0 401 Unauthorized', 'INVITE'],
    ]);
    expect(recorder.finalStatus).toBeUndefined();
    expect(recorder.lastChallenge).toBe(401);
    expect(recorder.timeline).toEqual({ inviteSent: 100 });
  });
});

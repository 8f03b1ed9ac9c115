import { describe, expect, it } from 'vitest';
import { parseSipMessage } from './sip-tap.ts';

const INVITE = [
  'INVITE sip:200000000@127.0.0.1:8088 SIP/2.0',
  'Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bK123',
  'From: <sip:agent001@127.0.0.1>;tag=aa',
  'To: <sip:200000000@127.0.0.1>',
  'Call-ID: 7k1bq3rr0c5hbd6x',
  'CSeq: 2 INVITE',
  'X-CRM-Id: C-1',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\r\n',
].join('\r\n');

const RINGING = ['SIP/2.0 180 Ringing', 'Via: SIP/2.0/WSS abc.invalid', 'Call-ID: 7k1bq3rr0c5hbd6x', 'CSeq: 2 INVITE', 'Content-Length: 0', '', ''].join('\r\n');

describe('parseSipMessage', () => {
  it('parses a request: first line, Call-ID and CSeq method, no status', () => {
    expect(parseSipMessage(INVITE, 'sent', 1234.5)).toEqual({
      at: 1234.5,
      direction: 'sent',
      firstLine: 'INVITE sip:200000000@127.0.0.1:8088 SIP/2.0',
      callId: '7k1bq3rr0c5hbd6x',
      method: 'INVITE',
    });
  });

  it('parses a response with its status and the method of the request it answers', () => {
    expect(parseSipMessage(RINGING, 'received', 99)).toEqual({
      at: 99,
      direction: 'received',
      firstLine: 'SIP/2.0 180 Ringing',
      callId: '7k1bq3rr0c5hbd6x',
      method: 'INVITE',
      status: 180,
    });
  });

  it('reads the compact Call-ID form and header names in any case', () => {
    const raw = 'SIP/2.0 486 Busy Here\r\ni: compact-id\r\ncseq: 3 invite\r\n\r\n';
    expect(parseSipMessage(raw, 'received', 1)).toMatchObject({ callId: 'compact-id', method: 'INVITE', status: 486, firstLine: 'SIP/2.0 486 Busy Here' });
  });

  it('tells BYE and ACK apart by their CSeq method', () => {
    const bye = 'BYE sip:x SIP/2.0\r\nCall-ID: c\r\nCSeq: 3 BYE\r\n\r\n';
    const okToBye = 'SIP/2.0 200 OK\r\nCall-ID: c\r\nCSeq: 3 BYE\r\n\r\n';
    const ack = 'ACK sip:x SIP/2.0\r\nCall-ID: c\r\nCSeq: 2 ACK\r\n\r\n';
    expect(parseSipMessage(bye, 'sent', 1)).toMatchObject({ method: 'BYE' });
    expect(parseSipMessage(bye, 'sent', 1)?.status).toBeUndefined();
    expect(parseSipMessage(okToBye, 'received', 1)).toMatchObject({ method: 'BYE', status: 200 });
    expect(parseSipMessage(ack, 'sent', 1)).toMatchObject({ method: 'ACK' });
  });

  it('tolerates spaces around the colon and trims the Call-ID', () => {
    const raw = 'OPTIONS sip:x SIP/2.0\r\nCall-ID :  spaced-id  \r\nCSeq:   9   OPTIONS\r\n\r\n';
    expect(parseSipMessage(raw, 'received', 1)).toMatchObject({ callId: 'spaced-id', method: 'OPTIONS' });
  });

  it('does not take a header that merely starts with i for the compact Call-ID', () => {
    const raw = 'MESSAGE sip:x SIP/2.0\r\nIn-Reply-To: other\r\nCall-ID: real\r\nCSeq: 1 MESSAGE\r\n\r\n';
    expect(parseSipMessage(raw, 'received', 1)?.callId).toBe('real');
  });

  it('returns undefined without a Call-ID or a CSeq', () => {
    expect(parseSipMessage('SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n', 'received', 1)).toBeUndefined();
    expect(parseSipMessage('SIP/2.0 200 OK\r\nCall-ID: c\r\n\r\n', 'received', 1)).toBeUndefined();
    expect(parseSipMessage('\r\n\r\n', 'received', 1)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { parseSipHead } from './sip-message.ts';

function request(method: string, callId: string, cseq: number, body = ''): string {
  return [
    `${method} sip:200000001@127.0.0.1 SIP/2.0`,
    'Via: SIP/2.0/WS abc.invalid;branch=z9hG4bK776asdhds',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    `Content-Length: ${new TextEncoder().encode(body).length}`,
    '',
    body,
  ].join('\r\n');
}

function response(status: string, callId: string, cseq: number, method: string, compact = false): string {
  return [`SIP/2.0 ${status}`, 'Via: SIP/2.0/WS abc.invalid', `${compact ? 'i' : 'Call-ID'}: ${callId}`, `CSeq: ${cseq} ${method}`, 'Content-Length: 0', '', ''].join('\r\n');
}

describe('parseSipHead', () => {
  it('reads a request, a response and the compact Call-ID form, not the body', () => {
    expect(parseSipHead(request('INVITE', 'abc@x', 1, 'i: not-a-header\r\nCSeq: 9 BYE\r\n'))).toEqual({
      firstLine: 'INVITE sip:200000001@127.0.0.1 SIP/2.0',
      method: 'INVITE',
      status: undefined,
      callId: 'abc@x',
      cseqMethod: 'INVITE',
    });
    expect(parseSipHead(response('200 OK', 'def', 2, 'invite', true))).toMatchObject({ status: 200, method: undefined, callId: 'def', cseqMethod: 'INVITE' });
  });

  it('refuses text that is not SIP', () => {
    expect(parseSipHead('\r\n\r\n')).toBeUndefined();
    expect(parseSipHead('hello')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { optionsRequest, parseSipAnswer } from './sip-options-probe.ts';

const IDS = { viaHost: 'k3j2.invalid', branch: 'abc123', tag: 't1', callId: 'c1@callcheck' };

describe('optionsRequest', () => {
  it('is an OPTIONS to the domain over the WebSocket transport, ending with an empty line', () => {
    const text = optionsRequest('pbx.example.com', 'WSS', IDS);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('OPTIONS sip:pbx.example.com SIP/2.0');
    expect(lines).toContain('Via: SIP/2.0/WSS k3j2.invalid;branch=z9hG4bKabc123');
    expect(lines).toContain('Call-ID: c1@callcheck');
    expect(lines).toContain('CSeq: 1 OPTIONS');
    expect(text.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
  });
});

describe('parseSipAnswer', () => {
  it('reads the status, the Server header and the Call-ID of Asterisk\'s answer', () => {
    const answer = 'SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/WS k3j2.invalid;branch=z9hG4bKabc123\r\ni: c1@callcheck\r\nServer: Asterisk PBX 22.10.1\r\nContent-Length: 0\r\n\r\n';
    expect(parseSipAnswer(answer)).toEqual({ status: 401, reason: 'Unauthorized', server: 'Asterisk PBX 22.10.1', callId: 'c1@callcheck' });
  });

  it('falls back to User-Agent, and leaves server out when neither is there', () => {
    expect(parseSipAnswer('SIP/2.0 200 OK\r\nUser-Agent: FPBX-16\r\n\r\n')?.server).toBe('FPBX-16');
    expect(parseSipAnswer('SIP/2.0 200 OK\r\n\r\n')).toEqual({ status: 200, reason: 'OK' });
  });

  it('ignores a header named in the body', () => {
    expect(parseSipAnswer('SIP/2.0 200 OK\r\nContent-Length: 16\r\n\r\nServer: not-this')?.server).toBeUndefined();
  });

  it('is undefined for a request or for text that is not SIP', () => {
    expect(parseSipAnswer('OPTIONS sip:x SIP/2.0\r\n\r\n')).toBeUndefined();
    expect(parseSipAnswer('HTTP/1.1 200 OK\r\n\r\n')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { CapturedSipMessage } from './captured-sip-messages.ts';
import { inviteTo200FromCapture } from './invite-to-200.ts';

describe('inviteTo200FromCapture', () => {
  const msg = (at: number, firstLine: string, callId: string, cseqMethod: string): CapturedSipMessage => {
    const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine)?.[1];
    return {
      at,
      direction: status ? 'from-server' : 'to-server',
      client: '127.0.0.1:1',
      firstLine,
      method: status ? undefined : firstLine.split(' ')[0],
      status: status ? Number(status) : undefined,
      callId,
      cseqMethod,
    };
  };

  it('takes the first INVITE and the first 2xx to an INVITE of each Call-ID', () => {
    const calls = inviteTo200FromCapture([
      msg(1, 'INVITE sip:a SIP/2.0', 'a', 'INVITE'),
      msg(2, 'SIP/2.0 401 Unauthorized', 'a', 'INVITE'),
      msg(3, 'INVITE sip:a SIP/2.0', 'a', 'INVITE'),
      msg(4, 'INVITE sip:b SIP/2.0', 'b', 'INVITE'),
      msg(5, 'SIP/2.0 200 OK', 'a', 'INVITE'),
      msg(6, 'SIP/2.0 200 OK', 'a', 'INVITE'),
      msg(7, 'SIP/2.0 486 Busy Here', 'b', 'INVITE'),
      msg(8, 'SIP/2.0 200 OK', 'c', 'INVITE'),
      msg(9, 'BYE sip:a SIP/2.0', 'a', 'BYE'),
      msg(10, 'SIP/2.0 200 OK', 'a', 'BYE'),
    ]);
    expect([...calls]).toEqual([
      ['a', { inviteAt: 1, okAt: 5 }],
      ['b', { inviteAt: 4, okAt: undefined }],
    ]);
  });
});

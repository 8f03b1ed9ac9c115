import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { CallcheckError, InterruptedError } from '../contracts/errors.ts';
import { networkFailure } from '../logic/preflight/connection-failure.ts';
import { optionsRequest, parseSipAnswer, type SipAnswer } from '../logic/preflight/sip-options-probe.ts';
import { decodeFrame, encodeClientFrame, OPCODE, websocketAccept } from './websocket-wire.ts';

export interface SipWebSocketCheckOptions {
  /** `ws://` or `wss://` URL of the SIP transport. */
  url: string;
  /** SIP domain the OPTIONS probe is addressed to. */
  domain: string;
  /** Limit for the whole check, TCP and TLS included, in ms. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What the check learned. */
export interface SipWebSocketCheck {
  /** The PBX's answer to the OPTIONS probe; absent when it sent none within the limit. */
  answer?: SipAnswer;
}

const SUBPROTOCOL = 'sip';

/**
 * Checks that the URL answers a SIP WebSocket upgrade (RFC 7118: subprotocol `sip`), then sends one
 * OPTIONS over it and reads the answer. The upgrade is done by hand rather than with a WebSocket client:
 * a client only says "failed", where this check can say whether nothing listened, TLS failed, or the
 * server answered HTTP 404 or upgraded without `sip`. A missing SIP answer is not a failure: the upgrade
 * already proved the transport; the agents' registrations will say more.
 */
export async function checkSipWebSocket(options: SipWebSocketCheckOptions): Promise<SipWebSocketCheck> {
  const url = new URL(options.url);
  const secure = url.protocol === 'wss:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const what = `the PBX's WebSocket ${options.url}`;
  const key = randomBytes(16).toString('base64');
  const deadline = Date.now() + options.timeoutMs;
  const { response, socket, head } = await upgrade({ url, secure, host, port, key, what, timeoutMs: options.timeoutMs, signal: options.signal });
  try {
    if (response.headers['sec-websocket-accept'] !== websocketAccept(key)) {
      throw new CallcheckError('PBX_UNREACHABLE', `${what} answered 101 Switching Protocols with a wrong Sec-WebSocket-Accept: it is no WebSocket server`, {
        hint: 'check that pbx.wsUrl points at Asterisk\'s HTTP server (http.conf), not at a proxy that mangles the handshake',
      });
    }
    const protocol = response.headers['sec-websocket-protocol'];
    if (protocol !== SUBPROTOCOL) {
      throw new CallcheckError('PBX_UNREACHABLE', `${what} accepted the WebSocket upgrade but not the subprotocol "sip" (it answered ${protocol === undefined ? 'with none' : `"${protocol}"`})`, {
        hint: 'a SIP WebSocket is served by res_pjsip_transport_websocket: load it, and give pjsip.conf a transport with protocol = ws (or wss)',
      });
    }
    const answer = await probeOptions(socket, head, { domain: options.domain, transport: secure ? 'WSS' : 'WS', waitMs: Math.max(0, deadline - Date.now()) });
    return answer ? { answer } : {};
  } finally {
    socket.destroy();
  }
}

interface UpgradeRequest {
  url: URL;
  secure: boolean;
  host: string;
  port: number;
  key: string;
  what: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** Sends the upgrade request; resolves with the upgraded socket, or rejects with what went wrong, in words. */
function upgrade(req: UpgradeRequest): Promise<{ response: IncomingMessage; socket: Duplex; head: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = (req.secure ? httpsRequest : httpRequest)({
      host: req.host,
      port: req.port,
      path: `${req.url.pathname}${req.url.search}`,
      // A fresh connection: a pooled keep-alive socket cannot be upgraded.
      agent: false,
      headers: {
        Host: req.url.host,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': req.key,
        'Sec-WebSocket-Protocol': SUBPROTOCOL,
      },
    });
    const fail = (error: CallcheckError) => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      request.destroy();
      reject(error);
    };
    const timer = setTimeout(() => {
      const text = networkFailure({ code: 'ETIMEDOUT', message: 'no answer to the WebSocket upgrade' }, { what: req.what, host: req.host, port: req.port, timeoutMs: req.timeoutMs });
      fail(new CallcheckError('PBX_UNREACHABLE', text?.message ?? `${req.what} did not answer within ${req.timeoutMs} ms`, { hint: text?.hint }));
    }, req.timeoutMs);
    const onAbort = () => fail(new InterruptedError());
    req.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('upgrade', (response, socket, head) => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve({ response, socket, head });
    });
    request.on('response', (response) => {
      response.resume();
      fail(
        new CallcheckError('PBX_UNREACHABLE', `${req.what} answered the WebSocket upgrade with HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trimEnd() + ', not 101 Switching Protocols', {
          hint: 'check the path (Asterisk serves SIP over WebSocket at /ws) and that http.conf has enabled = yes and res_http_websocket is loaded',
        }),
      );
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const text = networkFailure({ code: error.code, message: error.message }, { what: req.what, host: req.host, port: req.port, timeoutMs: req.timeoutMs });
      fail(new CallcheckError('PBX_UNREACHABLE', text?.message ?? `${req.what} could not be reached: ${error.message}`, { cause: error, hint: text?.hint ?? 'check pbx.wsUrl' }));
    });
    request.end();
  });
}

/** Sends the OPTIONS probe and waits, at most `waitMs`, for the SIP answer to it. */
function probeOptions(socket: Duplex, head: Buffer, probe: { domain: string; transport: 'WS' | 'WSS'; waitMs: number }): Promise<SipAnswer | undefined> {
  const ids = { viaHost: `${randomBytes(6).toString('hex')}.invalid`, branch: randomBytes(8).toString('hex'), tag: randomBytes(6).toString('hex'), callId: `${randomBytes(12).toString('hex')}@callcheck` };
  return new Promise((resolve) => {
    let buffered = head;
    let message: Buffer[] = [];
    const done = (answer: SipAnswer | undefined) => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(answer);
    };
    const timer = setTimeout(() => done(undefined), probe.waitMs);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let read = decodeFrame(buffered); read; read = decodeFrame(buffered)) {
        buffered = buffered.subarray(read.size);
        const { frame } = read;
        if (frame.opcode === OPCODE.close) return done(undefined);
        if (frame.opcode !== OPCODE.text && frame.opcode !== OPCODE.continuation) continue;
        message.push(frame.payload);
        if (!frame.fin) continue;
        const answer = parseSipAnswer(Buffer.concat(message).toString('utf8'));
        message = [];
        // Anything else the PBX sends first (a keep-alive, a request of its own) is not the answer.
        if (answer && answer.callId === ids.callId) return done(answer);
      }
    };
    socket.on('data', onData);
    socket.on('error', () => done(undefined));
    socket.on('close', () => done(undefined));
    socket.write(encodeClientFrame(OPCODE.text, Buffer.from(optionsRequest(probe.domain, probe.transport, ids)), randomBytes(4)));
    // Data that came with the upgrade response is read as if it had just arrived.
    if (head.length > 0) {
      buffered = Buffer.alloc(0);
      onData(head);
    }
  });
}

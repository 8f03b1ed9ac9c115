import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../tests/support/callcheck-error.ts';
import { decodeFrame, websocketAccept } from './websocket-wire.ts';
import { freePort } from './tcp-ports.ts';
import { checkSipWebSocket } from './check-websocket.ts';

/** A server frame: final, unmasked, text. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

type Upgrade = (request: { headers: Record<string, string | string[] | undefined> }, socket: Duplex) => void;

let server: Server | undefined;
/** Upgraded sockets leave the server's books: they are destroyed by hand, or close() would wait for them. */
const sockets = new Set<Duplex>();

/** A WebSocket server on 127.0.0.1 that handles upgrades with `onUpgrade` and answers plain requests 404. */
async function serve(onUpgrade: Upgrade): Promise<string> {
  server = createServer((_, res) => res.writeHead(404, 'Not Found').end());
  server.on('upgrade', (request, socket) => {
    sockets.add(socket);
    onUpgrade(request, socket);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
}

/** Accepts the upgrade, with `protocol` as the chosen subprotocol (or none). */
function accept(request: { headers: Record<string, string | string[] | undefined> }, socket: Duplex, protocol: string | undefined): void {
  const key = String(request.headers['sec-websocket-key']);
  socket.write(
    ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${websocketAccept(key)}`, ...(protocol ? [`Sec-WebSocket-Protocol: ${protocol}`] : []), '', ''].join('\r\n'),
  );
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const check = (url: string, timeoutMs = 2000) => checkSipWebSocket({ url, domain: '127.0.0.1', timeoutMs });

describe('checkSipWebSocket', () => {
  it('upgrades with the sip subprotocol and reads the Server header of the answer to its OPTIONS', async () => {
    const url = await serve((request, socket) => {
      accept(request, socket, 'sip');
      let data = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        const read = decodeFrame(data);
        if (!read) return;
        const sent = read.frame.payload.toString();
        expect(sent).toMatch(/^OPTIONS sip:127\.0\.0\.1 SIP\/2\.0\r\nVia: SIP\/2\.0\/WS /);
        const callId = /Call-ID: (.+)\r\n/.exec(sent)?.[1];
        // A request of the server's own first, then the answer in two fragments.
        socket.write(textFrame('OPTIONS sip:x SIP/2.0\r\nCall-ID: other\r\n\r\n'));
        const answer = Buffer.from(`SIP/2.0 401 Unauthorized\r\nCall-ID: ${callId}\r\nServer: Asterisk PBX 22.10.1\r\n\r\n`);
        socket.write(Buffer.concat([Buffer.from([0x01, 10]), answer.subarray(0, 10), Buffer.from([0x80, answer.length - 10]), answer.subarray(10)]));
      });
    });
    expect(await check(url)).toEqual({ answer: expect.objectContaining({ status: 401, server: 'Asterisk PBX 22.10.1' }) });
  });

  it('takes an upgrade whose SIP answer never comes as a SIP WebSocket with nothing learned', async () => {
    const url = await serve((request, socket) => accept(request, socket, 'sip'));
    expect(await check(url, 300)).toEqual({});
  });

  it('names the HTTP status a wrong path gets', async () => {
    const url = await serve(() => undefined);
    server?.removeAllListeners('upgrade');
    const error = await rejectionOf(check(url));
    expect(error.code).toBe('PBX_UNREACHABLE');
    expect(error.message).toBe(`the PBX's WebSocket ${url} answered the WebSocket upgrade with HTTP 404 Not Found, not 101 Switching Protocols`);
    expect(error.hint).toContain('/ws');
  });

  it('names an upgrade without the sip subprotocol', async () => {
    const url = await serve((request, socket) => accept(request, socket, undefined));
    expect((await rejectionOf(check(url))).message).toBe(`the PBX's WebSocket ${url} accepted the WebSocket upgrade but not the subprotocol "sip" (it answered with none)`);
  });

  it('says nothing listens on a port that refuses', async () => {
    const port = await freePort();
    const error = await rejectionOf(check(`ws://127.0.0.1:${port}/ws`));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`refused the connection: nothing listens on 127.0.0.1:${port}`);
  });

  it('states the limit when the server never answers the upgrade', async () => {
    const url = await serve(() => undefined);
    const error = await rejectionOf(check(url, 300));
    expect(error.message).toBe(`the PBX's WebSocket ${url} did not answer within 300 ms (127.0.0.1:${new URL(url).port}; ETIMEDOUT: no answer to the WebSocket upgrade)`);
  });

  it('tells TLS spoken to a plain port', async () => {
    const url = await serve(() => undefined);
    const error = await rejectionOf(check(url.replace('ws://', 'wss://')));
    expect(error.message).toMatch(/127\.0\.0\.1:\d+ does not speak TLS \(EPROTO: .*wrong version number[^\n]*\)$/);
  });
});

import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';

/** Resolves when a TCP connection to host:port is accepted (and closes it at once), rejects when refused. */
export function tcpProbe(host: string, port: number): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', (error) => {
        socket.destroy();
        reject(error);
      });
    });
}

/** An unused TCP port on 127.0.0.1, found by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when a UDP socket can be bound to 127.0.0.1:port right now. */
function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** A port free for both TCP (what freePort checks) and UDP on 127.0.0.1. */
export async function freeUdpPort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    if ((await udpPortFree(port)) || attempt >= 20) return port;
  }
}


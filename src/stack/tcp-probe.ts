import { connect } from 'node:net';

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

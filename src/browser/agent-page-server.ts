import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>callcheck agents</title></head>
<body><p>callcheck agent page: SIP.js softphones driven by the callcheck harness.</p>
<script src="/agent.js"></script></body></html>`;

/** The HTTP server, on 127.0.0.1 only, that serves the agents' page and its bundled script. */
export class AgentPageServer implements AsyncDisposable {
  readonly url: string;
  private readonly server: Server;

  private constructor(server: Server, url: string) {
    this.server = server;
    this.url = url;
  }

  /** Starts serving on an ephemeral port of 127.0.0.1. */
  static async start(script: string): Promise<AgentPageServer> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(PAGE);
      } else if (path === '/agent.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        res.end(script);
      } else if (path === '/favicon.ico') {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new AgentPageServer(server, `http://127.0.0.1:${port}/`);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

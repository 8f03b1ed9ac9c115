import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The only address the server listens on: a report holds CRM data and must not leave the machine. */
export const REPORT_SERVER_HOST = '127.0.0.1';

/** Files a directory stands for, in order: a run's report, else a comparison's. */
const DIRECTORY_INDEX = ['index.html', 'comparison.html'] as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.pcap': 'application/vnd.tcpdump.pcap',
};

export interface ReportServerOptions {
  /** The directory served; nothing outside it is ever read. */
  root: string;
  /** Port on 127.0.0.1. Default 0: any free port. */
  port?: number;
}

/**
 * A static file server for one report directory, on 127.0.0.1 only. It serves the files inside the
 * directory and nothing else: a path that leaves it, directly, through `..` written in any encoding, or
 * through a symbolic link, is refused. It lists no directory. Requests naming another host are refused,
 * so a web page cannot reach it through a DNS name that resolves to 127.0.0.1 (DNS rebinding).
 * Returned started; disposing it closes it.
 */
export class ReportServer implements AsyncDisposable {
  readonly root: string;
  readonly port: number;
  private readonly server: Server;

  private constructor(server: Server, root: string, port: number) {
    this.server = server;
    this.root = root;
    this.port = port;
  }

  /** The report's address, e.g. `http://127.0.0.1:41235/`. */
  get url(): string {
    return `http://${REPORT_SERVER_HOST}:${this.port}/`;
  }

  static async start(options: ReportServerOptions): Promise<ReportServer> {
    // Links are resolved once here, so the containment check below compares real paths with a real path.
    const root = await realpath(resolve(options.root));
    let port = 0;
    const server = createServer((request, response) => {
      handle(root, port, request, response).catch((error: unknown) => {
        if (!response.headersSent) send(response, 500, `could not serve ${request.url ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
        else response.destroy();
      });
    });
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 0, REPORT_SERVER_HOST, () => {
        server.off('error', fail);
        done();
      });
    });
    port = (server.address() as AddressInfo).port;
    return new ReportServer(server, root, port);
  }

  /** Stops listening and drops open connections (a browser keeps its keep-alive ones otherwise). */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    this.server.closeAllConnections();
    await closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

async function handle(root: string, port: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'only GET and HEAD');
  }
  const host = request.headers.host;
  if (host !== `${REPORT_SERVER_HOST}:${port}` && host !== `localhost:${port}`) return send(response, 403, `refused: requests must name ${REPORT_SERVER_HOST}:${port} as their host`);

  const target = await resolveInside(root, request.url ?? '/');
  if (target.kind !== 'file') return send(response, target.status, target.message);
  const type = CONTENT_TYPES[extname(target.path).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': target.size,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    'Referrer-Policy': 'no-referrer',
  });
  if (request.method === 'HEAD') return void response.end();
  await new Promise<void>((done, fail) => {
    const stream = createReadStream(target.path);
    stream.once('error', fail);
    response.once('close', done);
    stream.pipe(response);
  });
}

type Resolved = { kind: 'file'; path: string; size: number } | { kind: 'refused'; status: number; message: string };

/** The file a request path names inside `root`, or why it is refused. */
export async function resolveInside(root: string, rawUrl: string): Promise<Resolved> {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', status: 400, message: 'the path is not valid percent-encoding' };
  }
  if (path.includes('\0')) return { kind: 'refused', status: 400, message: 'the path holds a NUL character' };
  const outside = { kind: 'refused', status: 403, message: 'refused: the path leads outside the report directory' } as const;
  // Decoded first, checked after: `%2e%2e%2f` is `../` by the time the file system sees it.
  const wanted = resolve(root, `.${sep}${path}`);
  if (!isWithin(root, wanted)) return outside;
  const real = await realpath(wanted).catch(() => undefined);
  if (real === undefined) return { kind: 'refused', status: 404, message: 'not found' };
  if (!isWithin(root, real)) return outside;
  const info = await stat(real);
  if (info.isFile()) return { kind: 'file', path: real, size: info.size };
  if (!info.isDirectory()) return { kind: 'refused', status: 404, message: 'not found' };
  for (const name of DIRECTORY_INDEX) {
    const index = join(real, name);
    const indexInfo = await stat(index).catch(() => undefined);
    if (indexInfo?.isFile() === true && isWithin(root, await realpath(index))) return { kind: 'file', path: index, size: indexInfo.size };
  }
  return { kind: 'refused', status: 404, message: 'not found (directories are not listed)' };
}

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function send(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(`${message}\n`);
}

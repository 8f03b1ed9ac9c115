import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { ReportServer } from './report-server.ts';

const SECRET = 'secret-outside-the-report';

/** Sends one request exactly as written (no client normalises its path) and returns status and body. */
async function rawGet(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  const socket = connect(port, '127.0.0.1');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  let response = '';
  for await (const chunk of socket) response += String(chunk);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
  return { status, body: response.slice(response.indexOf('\r\n\r\n') + 4) };
}

describe('ReportServer', () => {
  const temp = useTempDir('report-server');

  /** A report directory with a secret file beside it, and the server on it. */
  async function serve(): Promise<{ server: ReportServer; root: string }> {
    const root = join(temp(), 'reports', 'run-1');
    await mkdir(join(root, 'nested'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>report</title>');
    await writeFile(join(root, 'results.json'), '{"ok":true}\n');
    await writeFile(join(root, 'junit.xml'), '<testsuites/>');
    await writeFile(join(temp(), 'reports', 'secret.txt'), SECRET);
    await writeFile(join(temp(), 'secret.txt'), SECRET);
    return { server: await ReportServer.start({ root }), root };
  }

  it('serves the report on 127.0.0.1 with its content types, index.html for /', async () => {
    const { server } = await serve();
    await using _ = server;
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>report</title>');
    const json = await fetch(new URL('results.json', server.url));
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ ok: true });
    expect((await fetch(new URL('junit.xml', server.url))).headers.get('content-type')).toBe('application/xml; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const { server } = await serve();
    await using _ = server;
    const head = await fetch(server.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('<!doctype html><title>report</title>'.length));
    const post = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses every path that leads outside the directory, however it is written', async () => {
    const { server } = await serve();
    await using _ = server;
    for (const path of ['/../secret.txt', '/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%2f..%2fsecret.txt', '/nested/../../secret.txt', '/nested/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const { status, body } = await rawGet(server.port, path);
      expect([403, 404], `${path} answered ${status}`).toContain(status);
      expect(body, path).not.toContain(SECRET);
    }
    // The decoded forms are refused as such, not merely not found.
    expect((await rawGet(server.port, '/..%2fsecret.txt')).status).toBe(403);
    expect((await rawGet(server.port, '/../secret.txt')).status).toBe(403);
  });

  it('refuses a symbolic link that points outside the directory', async () => {
    const { server, root } = await serve();
    await using _ = server;
    await symlink(join(temp(), 'secret.txt'), join(root, 'link.txt'));
    const { status, body } = await rawGet(server.port, '/link.txt');
    expect(status).toBe(403);
    expect(body).not.toContain(SECRET);
  });

  it('lists no directory and rejects malformed paths', async () => {
    const { server } = await serve();
    await using _ = server;
    expect((await rawGet(server.port, '/nested/')).status).toBe(404);
    expect((await rawGet(server.port, '/missing.html')).status).toBe(404);
    expect((await rawGet(server.port, '/%zz')).status).toBe(400);
    expect((await rawGet(server.port, '/index.html%00.png')).status).toBe(400);
  });

  it('refuses a request that names another host, so a rebound DNS name cannot read the report', async () => {
    const { server } = await serve();
    await using _ = server;
    expect((await rawGet(server.port, '/', `attacker.example:${server.port}`)).status).toBe(403);
    expect((await rawGet(server.port, '/', `localhost:${server.port}`)).status).toBe(200);
  });

  it('stops listening when closed', async () => {
    const { server } = await serve();
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
    await server.close();
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CallcheckError, InterruptedError } from '../contracts/errors.ts';
import { findExecutable } from '../host/executables.ts';

/** The only interface ever captured on: callcheck's traffic never leaves loopback. */
export const CAPTURE_INTERFACE = 'lo';

export interface PacketCaptureOptions {
  /** TCP port whose traffic (both directions) is captured. */
  port: number;
  /** Folder the capture file is written to. */
  dir: string;
  /** File name inside `dir`; default `capture-<port>.pcap`. */
  fileName?: string;
  /** How long tcpdump may take to say it is listening; default 10 s. */
  startTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface CaptureStats {
  /** tcpdump's own counts, printed when it stops; undefined when it did not print them. */
  captured: number | undefined;
  receivedByFilter: number | undefined;
  droppedByKernel: number | undefined;
}

export interface CaptureResult extends CaptureStats {
  file: string;
  /** The classic pcap file tcpdump wrote. */
  pcap: Buffer;
}

const STOP_TIMEOUT_MS = 5000;

const countOf = (stderr: string, what: string): number | undefined => {
  const match = new RegExp(`(\\d+) packets? ${what}`).exec(stderr);
  return match ? Number(match[1]) : undefined;
};

/**
 * tcpdump on loopback for one TCP port, writing every packet to a file as it comes (`-U`). Started means
 * tcpdump said it is listening, so nothing sent afterwards is missed. Disposing stops it (SIGINT, then
 * SIGKILL after 5 s), whatever happened.
 */
export class PacketCapture implements AsyncDisposable {
  readonly file: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stderr = '';
  private readonly killOnExit: () => void;

  private constructor(file: string, child: ChildProcess) {
    this.file = file;
    this.child = child;
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('close', () => resolve());
    });
    // Errors are reported by waitListening; a later one (a failed kill) must not crash the process.
    child.on('error', () => undefined);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      // Bounded: tcpdump only writes a few lines, but an endless warning must not grow memory.
      if (this.stderr.length < 64 * 1024) this.stderr += chunk;
    });
    // Should Node exit without disposing (a crash), tcpdump must not outlive it.
    this.killOnExit = () => {
      if (this.running) child.kill('SIGKILL');
    };
    process.once('exit', this.killOnExit);
  }

  static async start(options: PacketCaptureOptions): Promise<PacketCapture> {
    if (options.signal?.aborted) throw new InterruptedError();
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) throw new Error(`capture port ${options.port} is not a TCP port`);
    // tcpdump lives in /usr/sbin on some systems, which a non-root PATH may not hold.
    const tcpdump = findExecutable('tcpdump', ['/usr/sbin', '/sbin', '/usr/bin']);
    if (!tcpdump) {
      throw new CallcheckError('PREREQUISITE_MISSING', 'tcpdump was not found (looked in PATH, /usr/sbin, /sbin): the benchmark reads SIP timings from a packet capture on loopback', {
        hint: 'npm run setup (installs tcpdump)',
      });
    }
    const file = join(options.dir, options.fileName ?? `capture-${options.port}.pcap`);
    const args = [
      '-i', CAPTURE_INTERFACE,
      '-n',
      // Each packet is written to the file as it is captured, so stopping loses nothing.
      '-U',
      // Whole packets: loopback's MTU is 64 KiB.
      '-s', '262144',
      // A larger kernel buffer (KiB) so bursts of calls are not dropped.
      '-B', '16384',
      '-w', file,
    ];
    // Running as root, tcpdump would drop to its own user before opening the file, which may then not be writable.
    if (process.getuid?.() === 0) args.push('-Z', 'root');
    args.push(`tcp port ${options.port}`);
    const child = spawn(tcpdump, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const capture = new PacketCapture(file, child);
    try {
      await capture.waitListening(options.startTimeoutMs ?? 10_000, options.signal);
      return capture;
    } catch (error) {
      await capture.stopProcess();
      throw error;
    }
  }

  get running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private waitListening(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.child.stderr?.off('data', onData);
        this.child.off('close', onClose);
        this.child.off('error', onError);
        signal?.removeEventListener('abort', onAbort);
      };
      const onData = () => {
        if (/listening on /.test(this.stderr)) {
          cleanup();
          resolve();
        }
      };
      const onClose = (code: number | null, sig: NodeJS.Signals | null) => {
        cleanup();
        const said = this.stderr.trim() || '(nothing on stderr)';
        const message = `tcpdump on ${CAPTURE_INTERFACE} exited (${sig ?? `code ${code}`}) before listening: ${said}`;
        // Not allowed to capture is a missing prerequisite; anything else (an unwritable file) is not.
        const permission = /permission|not permitted/i.test(said) && !said.includes(this.file);
        reject(permission ? new CallcheckError('PREREQUISITE_MISSING', message, { hint: 'capturing needs root, or CAP_NET_RAW and CAP_NET_ADMIN on tcpdump' }) : new Error(message));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new CallcheckError('PREREQUISITE_MISSING', `tcpdump could not be started: ${error.message}`, { cause: error, hint: 'npm run setup (installs tcpdump)' }));
      };
      const onAbort = () => {
        cleanup();
        reject(new InterruptedError());
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`tcpdump did not say "listening on" within ${timeoutMs} ms; it said: ${this.stderr.trim() || '(nothing)'}`));
      }, timeoutMs);
      this.child.stderr?.on('data', onData);
      this.child.once('close', onClose);
      this.child.once('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      onData();
    });
  }

  /** SIGINT (tcpdump flushes and closes the file), SIGKILL if it has not exited within 5 s. */
  private async stopProcess(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        this.child.kill('SIGKILL');
        await this.exited;
      }
    }
    // Also when the process never started (spawn error): 'close' may not come, but nothing runs.
    process.off('exit', this.killOnExit);
  }

  /** Stops tcpdump and reads what it captured, with its counts (dropped packets mean gaps). */
  async stop(): Promise<CaptureResult> {
    await this.stopProcess();
    const pcap = await readFile(this.file);
    return {
      file: this.file,
      pcap,
      captured: countOf(this.stderr, 'captured'),
      receivedByFilter: countOf(this.stderr, 'received by filter'),
      droppedByKernel: countOf(this.stderr, 'dropped by kernel'),
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stopProcess();
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { SETUP_COMMAND } from '../host/package-info.ts';

/**
 * A private PulseAudio server with one null sink, for a Firefox callcheck starts.
 *
 * Why: Firefox runs WebAudio only while an audio output device plays it. On a machine without sound
 * hardware or a sound server (CI, this project's machines), its AudioContext stays `suspended` and
 * `resume()` never settles (seen on Firefox ESR 140 and 153: cubeb found no backend, "Output number of
 * channels is 0", the graph fell back to a system clock and the context never started), so no agent could
 * make or hear audio. Chromium has a fake output of its own; Firefox has none. An ALSA `null` device is no
 * way out: it takes samples as fast as they come, and the context's clock ran 640 times faster than real
 * time. PulseAudio's null sink consumes audio in real time, so WebAudio, WebRTC and the echo detector run
 * at the pace they would with speakers, and nothing is played.
 *
 * Each browser gets its own server, socket and folder, removed with it: nothing is shared with other runs
 * or with a desktop session, and it listens on a Unix socket only (no network module is loaded).
 */
export class NullAudioSink implements AsyncDisposable {
  /** The PULSE_SERVER value that points a client at this server. */
  readonly server: string;
  private readonly child: ChildProcess;
  private readonly dir: string;
  /** Kills the server if Node exits without disposing it (puppeteer does the same for its browsers). */
  private readonly killOnExit: () => void;

  /** Settles when the server has exited, or could not be started at all. */
  private readonly exited: Promise<{ code: number | null; error?: Error }>;

  private constructor(child: ChildProcess, dir: string, socket: string) {
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => resolve({ code: null, error }));
      child.once('exit', (code) => resolve({ code }));
    });
    this.dir = dir;
    this.server = `unix:${socket}`;
    this.killOnExit = () => void child.kill('SIGKILL');
    process.once('exit', this.killOnExit);
  }

  static async start(timeoutMs: number): Promise<NullAudioSink> {
    const dir = await mkdtemp(join(tmpdir(), 'callcheck-pulse-'));
    const socket = join(dir, 'native');
    const args = [
      // No default.pa: only the two modules below, so no ALSA probing, no network, no D-Bus modules.
      '-n',
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--use-pid-file=no',
      '--system=no',
      // No shared memory segments that a killed server would leave behind in /dev/shm.
      '--disable-shm=yes',
      '--log-target=stderr',
      '--log-level=error',
      // 48 kHz: Opus's rate, so the page's AudioContext runs at the rate the calls carry.
      '-L',
      'module-null-sink sink_name=callcheck rate=48000 sink_properties=device.description=callcheck-null',
      '-L',
      `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
    ];
    let stderr = '';
    let child: ChildProcess;
    try {
      // HOME and XDG_RUNTIME_DIR point into the throwaway folder: the server writes its cookie and state
      // there, not into the user's home.
      child = spawn('pulseaudio', args, { env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir }, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (cause) {
      await rm(dir, { recursive: true, force: true });
      throw missing(cause);
    }
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const sink = new NullAudioSink(child, dir, socket);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (await access(socket).then(() => true, () => false)) return sink;
      const ended = await Promise.race([sink.exited, new Promise<undefined>((resolve) => setTimeout(resolve, 20))]);
      if (ended?.error && (ended.error as NodeJS.ErrnoException).code === 'ENOENT') {
        await sink[Symbol.asyncDispose]();
        throw missing(ended.error);
      }
      if (ended || performance.now() > deadline) {
        await sink[Symbol.asyncDispose]();
        const why = ended ? `it exited (code ${ended.code ?? ended.error?.message})` : `no socket within ${timeoutMs} ms`;
        throw new CallcheckError('BROWSER_START_FAILED', `the null audio sink Firefox plays into (pulseaudio) did not start: ${why}: ${lastLines(stderr)}`, {
          hint: 'run pulseaudio -n --daemonize=no -L module-null-sink by hand to see why',
        });
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const { child } = this;
    process.off('exit', this.killOnExit);
    const gone = await Promise.race([this.exited, Promise.resolve(undefined)]);
    if (gone === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await this.exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function missing(cause: unknown): CallcheckError {
  return new CallcheckError('PREREQUISITE_MISSING', 'Firefox needs PulseAudio for its audio (a private null sink), and pulseaudio is not installed', {
    cause,
    hint: `install it with: ${SETUP_COMMAND}   (scripts/provision-browsers.sh installs pulseaudio with the browsers' libraries)`,
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ') || 'no output';
}

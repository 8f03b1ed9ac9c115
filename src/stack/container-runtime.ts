import { CallcheckError } from '../contracts/errors.ts';
import { SETUP_COMMAND } from '../host/package-info.ts';

/**
 * Testcontainers settings for engines without a bridge network or a pullable Ryuk image (the
 * air-gapped hosts callcheck runs on): talk to the engine on 127.0.0.1 and let callcheck itself reap
 * what it starts. Explicit settings from the environment win.
 */
export function configureTestcontainers(env: NodeJS.ProcessEnv = process.env): void {
  env['TESTCONTAINERS_HOST_OVERRIDE'] ??= '127.0.0.1';
  env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
}

/** Whether an image is present in the local engine; callcheck never pulls during a run (loopback only). */
export async function imageExists(name: string): Promise<boolean> {
  const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
  try {
    const client = await getContainerRuntimeClient();
    return await client.image.exists(ImageName.fromString(name));
  } catch (cause) {
    throw new CallcheckError('PREREQUISITE_MISSING', `no container engine answered (${cause instanceof Error ? cause.message : String(cause)})`, {
      cause,
      hint: `start one with: ${SETUP_COMMAND}   (installs Debian's docker.io and starts dockerd)`,
    });
  }
}

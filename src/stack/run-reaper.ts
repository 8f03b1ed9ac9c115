/** Label put on every container of a run, so the run can find and remove what it created. */
export const RUN_LABEL = 'org.callcheck.run';

/**
 * Removes every container labelled with the run's id, running or not. Callcheck's own stand-in for
 * Testcontainers' Ryuk (which air-gapped hosts cannot pull): it also catches containers that were
 * created but failed to start, which no started-container handle ever owned.
 */
export async function reapRunContainers(runId: string): Promise<number> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const dockerode = client.container.dockerode;
  const leftovers = await dockerode.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  await Promise.all(leftovers.map((c) => dockerode.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  return leftovers.length;
}

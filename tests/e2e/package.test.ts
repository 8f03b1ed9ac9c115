import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/contracts/results.ts';
import { writePackedProject } from '../support/packed-project.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'callcheck-package-'));
const project = join(work, 'user-project');

/**
 * The machine's PATH without this repository's node_modules/.bin (npm test puts it first): the user's
 * project must find its Node 24, its tsc and its callcheck in its own node_modules.
 */
const PATH = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => !dir.startsWith(join(REPO, 'node_modules'))).join(delimiter);
const env = { ...process.env, PATH, CI: 'true', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };

function sh(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, { encoding: 'utf8', env, timeout: 300_000, ...options });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const SCENARIO = `import { defineScenario } from 'callcheck';

export default defineScenario({
  name: 'packaged-smoke',
  headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': 'agent_id' },
  agents: 2,
  callsPerAgent: 2,
  ringTimeMs: 100,
  talkTimeMs: 1000,
  headerValues: ({ index, agent, runId }) => ({ 'X-CRM-Id': \`PKG-\${runId}-\${index + 1}\`, 'X-Agent-Id': agent }),
});
`;

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('callcheck as a package', () => {
  it('packs, installs into a fresh project, typechecks that project\'s scenario and runs it on the real stack', () => {
    const packed = sh('npm', ['pack', '--pack-destination', work], { cwd: REPO });
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(work, packed.stdout.trim().split('\n').at(-1) ?? '');
    expect(basename(tarball)).toMatch(/^callcheck-\d+\.\d+\.\d+\.tgz$/);

    mkdirSync(project);
    copyFileSync(tarball, join(project, basename(tarball)));
    writePackedProject({ repoDir: REPO, tarball: join(project, basename(tarball)), projectDir: project });
    const installed = sh('npm', ['ci', '--offline'], { cwd: project });
    expect(installed.code, installed.stderr).toBe(0);
    const callcheckDir = join(project, 'node_modules', 'callcheck');
    // What runs is the build: Node strips no types under node_modules, and the sources are not shipped.
    expect(existsSync(join(callcheckDir, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(callcheckDir, 'src'))).toBe(false);
    expect(existsSync(join(callcheckDir, 'asterisk-image', 'Dockerfile'))).toBe(true);

    // The project's own scenario, typechecked against the package's types: a wrong field is named.
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2024', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: [] }, include: ['*.ts'] }));
    writeFileSync(join(project, 'wrong-scenario.ts'), SCENARIO.replace('agents: 2,', "agents: 'two',"));
    const wrong = sh('npx', ['tsc', '-p', '.'], { cwd: project });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong-scenario\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    rmSync(join(project, 'wrong-scenario.ts'));
    writeFileSync(join(project, 'my-scenario.ts'), SCENARIO);
    const typed = sh('npx', ['tsc', '-p', '.'], { cwd: project });
    expect(typed.stdout + typed.stderr).toBe('');
    expect(typed.code).toBe(0);

    // Run by whatever Node the shell has, the bin runs itself under the package's Node 24.
    const version = sh('node', [join(project, 'node_modules', '.bin', 'callcheck'), '--version'], { cwd: project });
    expect(version.stdout.trim(), version.stderr).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);

    const run = sh('npx', ['callcheck', 'run', 'my-scenario.ts'], { cwd: project, timeout: 400_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('CONFORMS: 4 placed, 4 answered, 0 failed');
    const runDir = /^report: (.+)\/index\.html$/m.exec(run.stdout)?.[1];
    expect(runDir).toBeDefined();
    const results = JSON.parse(readFileSync(join(project, runDir ?? '', 'results.json'), 'utf8')) as RunResults;
    expect(results.run).toMatchObject({ scenario: 'packaged-smoke', scenarioFile: 'my-scenario.ts' });
    expect(results.summary).toMatchObject({ placed: 4, conforms: true, cdr: { matched: 4, missing: 0, mismatched: 0, unknown: 0 } });
    expect(results.calls.every((c) => c.cdr.kind === 'matched' && c.cdr.row.mapped['agent_id'] === c.agent)).toBe(true);
  });
});

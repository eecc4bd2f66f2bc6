/**
 * The admin commands' production entry: compiled by `npm run build` and run with plain node (the image
 * has no tsx), through the `learner-voice` dispatcher that package.json names as its bin.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../support/tool-process';

// Inside the repository (test-results/ is ignored) so that the compiled files find node_modules as dist/ does.
mkdirSync(path.join(REPO, 'test-results'), { recursive: true });
const outDir = mkdtempSync(path.join(REPO, 'test-results', 'cli-build-'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'lv-cli-prod-'));

// The build's own settings, emitting only: npm test has type-checked every file already, and with
// isolatedModules the emitted JavaScript does not depend on the type check (same files, byte for byte).
beforeAll(() => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.build.json'), '--outDir', outDir, '--sourceMap', 'false', '--noCheck']);
}, 120_000);
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

function runBin(...argv: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir };
  delete env.MONGODB_URI;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.join(outDir, 'cli/learner-voice.js'), ...argv], { cwd: dataDir, env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('learner-voice (the bin)', () => {
  it('is the bin package.json names, compiled to dist/cli/learner-voice.js', () => {
    expect(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).bin).toEqual({ 'learner-voice': 'dist/cli/learner-voice.js' });
    expect(readFileSync(path.join(outDir, 'cli/learner-voice.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('when run with plain node from the build, then `platform list` reads the store in DATA_DIR', async () => {
    const { code, stdout, stderr } = await runBin('platform', 'list');
    expect(stderr).toContain(`Store: SQLite file ${path.join(dataDir, 'learner-voice.sqlite')} (from DATA_DIR)`);
    expect(stdout).toContain('No platform registered yet');
    expect(code).toBe(0);
  });

  it('answers in JSON with --json, and refuses a wrong command line in one short line with code 2', async () => {
    const listed = await runBin('platform', 'list', '--json');
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const unknown = await runBin('platform', 'list', '--foo');
    expect(unknown.code).toBe(2);
    // The store line (stderr, as always in text mode), then the one error line; not the usage.
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Store: SQLite file /), 'learner-voice platform: unknown option --foo (see --help)']);
    // stdin is not a terminal here: removing needs --yes, and nothing is asked.
    const remove = await runBin('platform', 'remove', 'https://lms.example', 'c', '--json');
    expect(remove).toMatchObject({ code: 2, stdout: '' });
    expect(JSON.parse(remove.stderr)).toEqual({ error: 'remove needs --yes when stdin is not a terminal (see --help)' });
    const help = await runBin('platform', '--help');
    expect(help.stdout).toMatch(/^Usage: learner-voice platform <command>/);
    expect(help.stdout).toContain('  rotate-key ISSUER CLIENT_ID');
    expect(help.stdout).not.toContain('npm run platform -- add');
  });

  it('dispatches catalogue and catalogue-badges too', async () => {
    const sources = await runBin('catalogue', 'sources', 'list', '--issuer', 'https://lms.example', '--client-id', 'c', '--deployment', '1');
    expect(sources.code).toBe(0);
    const badges = await runBin('catalogue-badges', '--help');
    expect(badges.code).toBe(0);
    expect(badges.stdout.length).toBeGreaterThan(0);
  });

  it('lists the commands on --help, and refuses an unknown one in one line with code 2', async () => {
    const help = await runBin('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/platform[\s\S]*catalogue[\s\S]*catalogue-badges/);
    const unknown = await runBin('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('Unknown command "frobnicate": learner-voice --help lists them.');
  });
});

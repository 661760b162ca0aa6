/**
 * The command the README, the help and the messages print is the command that runs. A fresh
 * copy of the repository (its tracked files: no node_modules, no build) is installed offline
 * from the local pnpm store; there `pnpm exec chokepoint` is a workspace bin, `init` suggests
 * `pnpm exec chokepoint validate …` and that line runs as printed, the help's examples say
 * `pnpm exec chokepoint`, and `pnpm chokepoint` (the root script) keeps working.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpWithCommand, invocationCommand } from '../../packages/cli/src/shared.js';

const root = resolve(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string })
  .version;
const run = promisify(execFile);

/** The environment of a new shell: without what the pnpm running this test set. */
function shellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|PNPM_|INIT_CWD$|VITEST|CHOKEPOINT_)/i.test(key)),
  );
}

async function sh(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('sh', ['-c', command], { cwd, env: shellEnv(), timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('how the command is invoked', () => {
  it('reads the invocation from the package manager environment', () => {
    const pnpm = 'pnpm/12.26.0 npm/? node/v20.20.2 linux x64';
    expect(invocationCommand({ npm_config_user_agent: pnpm, npm_command: 'exec', CHOKEPOINT_VIA_BIN: '1' })).toBe(
      'pnpm exec chokepoint',
    );
    expect(
      invocationCommand({ npm_config_user_agent: pnpm, npm_command: 'run-script', npm_lifecycle_event: 'chokepoint' }),
    ).toBe('pnpm chokepoint');
    // vitest run by `pnpm test` or `pnpm exec vitest` starting the CLI: pnpm did not run the CLI itself.
    expect(
      invocationCommand({ npm_config_user_agent: pnpm, npm_command: 'run-script', npm_lifecycle_event: 'test' }),
    ).toBe('chokepoint');
    expect(invocationCommand({ npm_config_user_agent: pnpm, npm_command: 'exec' })).toBe('chokepoint');
    expect(
      invocationCommand({
        npm_config_user_agent: 'npm/10.8.2 node/v20.20.2 linux x64',
        npm_command: 'exec',
        CHOKEPOINT_VIA_BIN: '1',
      }),
    ).toBe('npx chokepoint');
    expect(invocationCommand({ CHOKEPOINT_VIA_BIN: '1' })).toBe('chokepoint');
    expect(invocationCommand({})).toBe('chokepoint');
  });

  it('writes the help examples and usage with it, and leaves other text alone', () => {
    const help =
      'Usage: chokepoint run [options] <file>\n\nExamples:\n  $ chokepoint run a.yaml   # then chokepoint merge\n';
    expect(helpWithCommand(help, 'pnpm exec chokepoint')).toBe(
      'Usage: pnpm exec chokepoint run [options] <file>\n\nExamples:\n  $ pnpm exec chokepoint run a.yaml   # then chokepoint merge\n',
    );
    expect(helpWithCommand(help, 'chokepoint')).toBe(help);
  });
});

describe('after pnpm install in a fresh checkout', () => {
  const checkout = mkdtempSync(join(tmpdir(), 'chokepoint-checkout-'));

  beforeAll(() => {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      const from = join(root, file);
      try {
        if (!statSync(from).isFile()) continue;
      } catch {
        continue; // deleted in the working tree
      }
      mkdirSync(dirname(join(checkout, file)), { recursive: true });
      copyFileSync(from, join(checkout, file));
    }
    // Offline, from the store this repository was installed from: no network in the test.
    const store = execFileSync('pnpm', ['store', 'path'], { cwd: root, encoding: 'utf8', env: shellEnv() }).trim();
    execFileSync('pnpm', ['install', '--frozen-lockfile', '--offline', '--store-dir', store], {
      cwd: checkout,
      env: shellEnv(),
      stdio: 'pipe',
      timeout: 120_000,
    });
  }, 180_000);

  // A fresh install holds tens of thousands of files: removing them can pass the 10 s default on a busy disk.
  afterAll(() => rmSync(checkout, { recursive: true, force: true }), 120_000);

  it('has no build, so the bin runs the sources', () => {
    expect(() => statSync(join(checkout, 'packages', 'cli', 'dist'))).toThrow();
    expect(statSync(join(checkout, 'node_modules', '.bin', 'chokepoint')).isFile()).toBe(true);
  });

  it('runs pnpm exec chokepoint --version from the root', async () => {
    const result = await sh('pnpm exec chokepoint --version', checkout);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("runs the command init's message prints, as printed, from a subfolder", async () => {
    mkdirSync(join(checkout, 'study'));
    const init = await sh('pnpm exec chokepoint init my-study.yaml', join(checkout, 'study'));
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('check it with: pnpm exec chokepoint validate my-study.yaml');
    expect(readFileSync(join(checkout, 'study', 'my-study.yaml'), 'utf8')).toContain(
      'Check it:   pnpm exec chokepoint validate THIS_FILE',
    );
    const printed = /check it with: (.+)$/m.exec(init.stderr)![1]!;
    const check = await sh(printed, join(checkout, 'study'));
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^my-study\.yaml: ok \(/);
  });

  it('prints help whose examples are typed the same way', async () => {
    const help = await sh('pnpm exec chokepoint run --help', checkout);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pnpm exec chokepoint run [options] <file>');
    expect(help.stdout).toContain('$ pnpm exec chokepoint run scenarios/quickstart.yaml\n');
    expect(help.stdout).not.toMatch(/\$ chokepoint /);
  });

  it('keeps pnpm chokepoint (the root script) working', async () => {
    const result = await sh('pnpm --silent chokepoint --version', checkout);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

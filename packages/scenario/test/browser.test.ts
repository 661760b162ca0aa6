/**
 * The scenario language runs in a browser: the package bundles for the browser platform
 * (esbuild fails on any Node import), and in Chromium it loads, validates and plans bundled
 * scenarios from files held in memory, with the same plan (seeds, runs, configurations) and
 * the same located errors as in Node.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlan, loadScenario, memoryFiles, ScenarioError, useScenarioFiles } from '@chokepoint/scenario';

const repoRoot = join(import.meta.dirname, '../../..');
const chromiumPath = '/usr/bin/chromium';

/** The parts of playwright-core this test uses. */
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Page {
  on(event: 'pageerror', listener: (error: Error) => void): void;
  setContent(html: string): Promise<void>;
  addScriptTag(options: { content: string; type?: string }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  waitForFunction(fn: string): Promise<unknown>;
}

const playwright = await import('playwright-core').catch(() => undefined);
const skipReason = !existsSync(chromiumPath)
  ? `Debian chromium is missing at ${chromiumPath}: run \`apt-get install -y chromium\``
  : playwright === undefined
    ? 'playwright-core is not installed'
    : null;
if (skipReason !== null) console.warn(`scenario browser test skipped: ${skipReason}`);

/** Bundles @chokepoint/scenario for the browser, as an ES module that sets `window.scenario`. */
async function bundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "import * as scenario from '@chokepoint/scenario'; window.scenario = scenario;",
      resolveDir: join(repoRoot, 'packages/scenario'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    conditions: ['source'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Every file of the scenario library, by path relative to the repository root. */
function libraryFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(name)) out[relative(repoRoot, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(join(repoRoot, 'scenarios'));
  return out;
}

/** What a browser or Node reports of a plan: enough to tell two plans apart. */
interface PlanDigest {
  seed: string;
  runs: string[];
  configs: number;
  scenarioHash: string;
}

const BROKEN = 'scenarios/broken.yaml';
const BROKEN_TEXT = 'extends: quickstart.yaml\nreplicates: -2\n';

describe('the scenario language bundles for a browser', () => {
  it('has no Node import: esbuild bundles it for the browser platform', async () => {
    const code = await bundle();
    expect(code.length).toBeGreaterThan(10_000);
    expect(code).not.toMatch(/from\s*["']node:/);
  }, 120_000);
});

describe.skipIf(skipReason !== null)('the scenario language in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = (await playwright!.chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
      headless: true,
    })) as unknown as Browser;
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><title>scenario</title>');
    await page.addScriptTag({ content: await bundle(), type: 'module' });
    await page.waitForFunction('window.scenario !== undefined');
  }, 120_000);
  afterAll(async () => browser?.close());

  const inBrowser = (file: string, extra: Record<string, string> = {}): Promise<PlanDigest | { error: string[] }> =>
    page.evaluate(
      async ({ file, files }) => {
        const s = (window as unknown as { scenario: typeof import('@chokepoint/scenario') }).scenario;
        await s.loadMathjs();
        s.useScenarioFiles(s.memoryFiles(files, { cwd: '/repo', library: '/repo/scenarios' }));
        try {
          const { meta } = s.buildPlan(s.loadScenario(file));
          return {
            seed: meta.seed,
            runs: meta.runs.map((r) => `${r.runId}:${r.seed}`),
            configs: meta.configs.length,
            scenarioHash: meta.scenario.hash,
          };
        } catch (e) {
          if (e instanceof s.ScenarioError) return { error: e.lines() };
          throw e;
        }
      },
      { file, files: { ...libraryFiles(), ...extra } },
    );

  const inNode = (file: string): PlanDigest => {
    const { meta } = buildPlan(loadScenario(file, { cwd: repoRoot }));
    return {
      seed: meta.seed,
      runs: meta.runs.map((r) => `${r.runId}:${r.seed}`),
      configs: meta.configs.length,
      scenarioHash: meta.scenario.hash,
    };
  };

  it.each([
    'scenarios/quickstart.yaml',
    'scenarios/experiments/third-country-finance.yaml',
    'scenarios/validation/zte-2018.yaml',
  ])(
    'plans %s as Node does (same seeds, runs and configurations)',
    async (file) => {
      const browserPlan = await inBrowser(file);
      expect(browserPlan).toEqual(inNode(file));
      expect(errors).toEqual([]);
    },
    60_000,
  );

  it('reports a bad value with the same located line as Node', async () => {
    const fromBrowser = await inBrowser(BROKEN, { [BROKEN]: BROKEN_TEXT });
    // Node, with the same files held in memory.
    useScenarioFiles(
      memoryFiles({ ...libraryFiles(), [BROKEN]: BROKEN_TEXT }, { cwd: '/repo', library: '/repo/scenarios' }),
    );
    let fromNode: string[] = [];
    try {
      buildPlan(loadScenario(BROKEN));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      fromNode = e.lines();
    } finally {
      useScenarioFiles();
    }
    expect(fromNode).toEqual(['scenarios/broken.yaml:2:13: replicates: expected an integer >= 1, received -2']);
    expect(fromBrowser).toEqual({ error: fromNode });
  }, 60_000);
});

/**
 * The embed examples run (examples/embed/): the Node script through tsx as a
 * child process, the browser page in Debian chromium with its Web Worker, and
 * the plugin's own test (imported below, since the root vitest config collects
 * only packages/* /test and test/). The examples also type-check.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrowserWorker } from '../../examples/embed/browser-worker/build.js';
import { simulateRequest, type RunRequest, type StepSummary } from '../../examples/embed/browser-worker/simulation.js';
import '../../examples/embed/custom-instrument.test.js';

const root = join(import.meta.dirname, '..', '..');
const embed = join(root, 'examples', 'embed');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const run = promisify(execFile);

describe('examples/embed/node-basic.ts', () => {
  it('runs under tsx and prints the three doctrines’ metrics', async () => {
    const { stdout } = await run(bin('tsx'), ['--conditions=source', join(embed, 'node-basic.ts'), '--json'], {
      cwd: root,
      timeout: 60_000,
    });
    const summary = JSON.parse(stdout) as Array<Record<string, number | string>>;
    expect(summary.map((s) => s.doctrine)).toEqual(['DNM', 'NLG', 'DERISK']);
    for (const row of summary) {
      for (const key of ['measures', 'escalation', 'welfareUS', 'welfareCN', 'chipCapabilityCN'])
        expect(Number.isFinite(row[key]), `${row.doctrine} ${key}`).toBe(true);
      expect(row.welfareUS as number).toBeGreaterThan(0);
    }
    const [dnm, nlg, derisk] = summary as Array<Record<string, number>>;
    // DNM against a DNM rival spirals; de-risking keeps to its fence.
    expect(dnm!.escalation).toBeGreaterThan(derisk!.escalation);
    expect(dnm!.measures).toBeGreaterThan(derisk!.measures);
    // Which doctrine leaves the US richer is the model's answer, not the example's contract (it moved
    // when licences became decisions that last, issue 23): only that NLG adopts the fewest measures.
    expect(nlg!.measures).toBeLessThan(derisk!.measures);
  });
});

describe('examples/embed type-check', () => {
  it('tsc -p examples/embed reports no error', async () => {
    const result = await run(bin('tsc'), ['-p', join(embed, 'tsconfig.json')], { cwd: root, timeout: 60_000 }).catch(
      (e: { stdout: string }) => e,
    );
    expect(result.stdout).toBe('');
  });
});

/* ---------------------------------------------------------------- browser -- */

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** The parts of playwright-core this test uses. */
interface Playwright {
  chromium: { launch(options: { executablePath: string; args: string[]; headless: boolean }): Promise<Browser> };
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Page {
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  on(event: 'request', listener: (request: { url(): string }) => void): void;
  goto(url: string): Promise<unknown>;
  waitForFunction(fn: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
  evaluate<R>(expression: string): Promise<R>;
}

/**
 * playwright-core is a devDependency of packages/charts and examples/notebooks,
 * not of the root, so it is loaded from there.
 */
function loadPlaywright(): Playwright | undefined {
  for (const owner of ['packages/charts', 'examples/notebooks']) {
    try {
      return createRequire(join(root, owner, 'package.json'))('playwright-core') as Playwright;
    } catch {
      // try the next owner
    }
  }
  return undefined;
}

const playwright = existsSync(chromiumPath) ? loadPlaywright() : undefined;
const skipReason = !existsSync(chromiumPath)
  ? `Debian chromium is missing at ${chromiumPath}: run \`apt-get install -y chromium\``
  : playwright === undefined
    ? 'playwright-core does not resolve from packages/charts or examples/notebooks: run pnpm install'
    : null;
if (skipReason !== null) console.warn(`browser embed test skipped: ${skipReason}`);

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

/** Serves a folder on 127.0.0.1 (a random port). */
function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(dir + sep) || !existsSync(path) || !statSync(path).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
      .end(readFileSync(path));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(skipReason !== null)('examples/embed/browser-worker in chromium', () => {
  const pageDir = join(embed, 'browser-worker');
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    const built = await buildBrowserWorker();
    expect(built.errors).toEqual([]);
    server = await serve(pageDir);
    browser = await playwright!.chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('runs the core in a Web Worker and gets the same numbers as Node', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const request: RunRequest = { doctrine: 'DERISK', firms: 200, steps: 12, seed: 3 };
    await page.goto(
      `${origin}/index.html?autorun&doctrine=${request.doctrine}&firms=${request.firms}&steps=${request.steps}&seed=${request.seed}`,
    );
    await page.waitForFunction("['done', 'error'].includes(document.body.dataset.status)", undefined, {
      timeout: 30_000,
    });

    expect(errors).toEqual([]);
    expect(await page.evaluate<string>('document.body.dataset.status')).toBe('done');
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]); // nothing from a CDN
    expect(requests).toContain(`${origin}/dist/worker.js`);
    const result = await page.evaluate<{ request: RunRequest; summaries: StepSummary[] }>('window.chokepointResult');
    expect(result.request).toEqual(request);
    expect(await page.evaluate<number>("document.querySelectorAll('#steps tbody tr').length")).toBe(request.steps);
    // Determinism across engines: the browser's numbers are Node's, bit for bit.
    expect(result.summaries).toEqual(simulateRequest(request, () => {}));
    expect(result.summaries.at(-1)!.measures).toBeGreaterThan(0);
  });

  it('Run pressed twice stops the first worker, and the table holds the second run alone', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction("document.querySelector('#status').textContent === 'Press Run.'");
    // Count the workers the page starts and stops; then press Run for a long run and at once for a short one.
    await page.evaluate<void>(`(() => {
      const log = window.workerLog = [];
      const Native = window.Worker;
      window.Worker = class extends Native {
        constructor(...args) { super(...args); this.index = log.length; log.push({ terminated: false }); }
        terminate() { log[this.index].terminated = true; super.terminate(); }
      };
      const form = document.querySelector('#controls');
      const set = (name, value) => { form.elements.namedItem(name).value = String(value); };
      set('doctrine', 'DNM'); set('firms', 600); set('steps', 30); set('seed', 1);
      form.querySelector('button').click();
      set('doctrine', 'NLG'); set('firms', 200); set('steps', 7); set('seed', 2);
      form.querySelector('button').click();
    })()`);
    await page.waitForFunction("['done', 'error'].includes(document.body.dataset.status)", undefined, {
      timeout: 30_000,
    });
    // Give a first worker left running the time to post more rows (it would finish 30 steps in this time).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(errors).toEqual([]);
    expect(await page.evaluate<string>('document.body.dataset.status')).toBe('done');
    expect(await page.evaluate<Array<{ terminated: boolean }>>('window.workerLog')).toEqual([
      { terminated: true },
      { terminated: true },
    ]);
    const second: RunRequest = { doctrine: 'NLG', firms: 200, steps: 7, seed: 2 };
    const result = await page.evaluate<{ request: RunRequest; summaries: StepSummary[] }>('window.chokepointResult');
    expect(result.request).toEqual(second);
    const steps = await page.evaluate<string[]>(
      "[...document.querySelectorAll('#steps tbody tr')].map((tr) => tr.cells[0].textContent)",
    );
    expect(steps).toEqual(simulateRequest(second, () => {}).map((s) => String(s.step)));
  });

  it('an unknown ?doctrine= is reported, not run without a doctrine', async () => {
    const page = await browser.newPage();
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${origin}/index.html?autorun&doctrine=HAWK&steps=5`);
    await page.waitForFunction("['done', 'error', 'running'].includes(document.body.dataset.status)", undefined, {
      timeout: 30_000,
    });
    expect(await page.evaluate<string>('document.body.dataset.status')).toBe('error');
    expect(await page.evaluate<string>("document.querySelector('#status').textContent")).toMatch(
      /Unknown doctrine “HAWK”.*DNM, NLG, DERISK/,
    );
    expect(requests).not.toContain(`${origin}/dist/worker.js`); // no run was started
    expect(await page.evaluate<number>("document.querySelectorAll('#steps tbody tr').length")).toBe(0);
    // A number out of the form's range is refused the same way.
    await page.goto(`${origin}/index.html?autorun&doctrine=NLG&steps=0`);
    await page.waitForFunction("['done', 'error'].includes(document.body.dataset.status)", undefined, {
      timeout: 30_000,
    });
    expect(await page.evaluate<string>("document.querySelector('#status').textContent")).toMatch(
      /Steps must be a whole number from 1 to 200/,
    );
  });
});

describe('simulateRequest', () => {
  it('refuses a doctrine the page does not offer', () => {
    expect(() =>
      simulateRequest({ doctrine: 'HAWK' as RunRequest['doctrine'], firms: 50, steps: 2, seed: 1 }, () => {}),
    ).toThrow(/unknown doctrine "HAWK"/);
  });
});

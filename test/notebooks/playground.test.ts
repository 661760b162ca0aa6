/**
 * The scenario playground (examples/notebooks/playground.html) in Debian chromium: builds the
 * notebooks with vite into a folder of its own (notebooks.test.ts builds dist/ at the same
 * time), serves it on 127.0.0.1 and, in the page, loads the quickstart, introduces an error and
 * sees it located at its line and column, fixes it, runs the plan in the worker and sees a
 * chart whose data (the final value of each key metric for each arm) equals what `simulate`
 * gives in Node for the same planned runs; a link reproduces the page; at 390 px the page does
 * not scroll sideways. The downloads are byte-identical to the metrics.csv and summary.json of
 * `chokepoint run` on the same file, and the report's tables of key metrics and effects show
 * what the CLI's report shows; a plan too large for a browser is refused, a large one runs only
 * once confirmed. Skips, saying why, when /usr/bin/chromium is missing.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawChartPlan, formatValue, pickDefaultCharts } from '@chokepoint/charts';
import { buildReportHtml, createSvgDocument, readRunDirectory } from '@chokepoint/charts/node';
import { simulate } from '@chokepoint/core';
import type { RunSummary } from '@chokepoint/format';
import { buildPlan, loadScenario, materializeWorld, memoryFiles, useScenarioFiles } from '@chokepoint/scenario';
import { sizeVerdict } from '../../examples/notebooks/src/playground/sizeGuard.js';
import { serve } from '../support/serve.js';

const root = join(import.meta.dirname, '..', '..');
const notebooksDir = join(root, 'examples', 'notebooks');
const screenshotDir = join(import.meta.dirname, 'screenshots');
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
];

const skipReason = existsSync(chromiumPath)
  ? null
  : `Debian chromium is missing at ${chromiumPath}: run \`apt-get install -y chromium\``;
if (skipReason !== null) console.warn(`playground browser test skipped: ${skipReason}`);

const PATH = 'scenarios/quickstart.yaml';
const QUICKSTART = readFileSync(join(root, PATH), 'utf8');
/** The quickstart, short and with one replicate, so the run takes a second. */
const SHORT = QUICKSTART.replace(/^horizon: 24$/m, 'horizon: 8').replace(/^replicates: 8$/m, 'replicates: 1');
/**
 * The quickstart, short, with two replicates (so the report's intervals have numbers), swept over
 * the licence (a swept column on every row; two arms ignore it and run at one point) and run again
 * without retaliation (summary.json's attribution): 24 runs of 8 steps.
 */
const PAIRS = `${SHORT.replace(/^replicates: 1$/m, 'replicates: 2')}\nsweep: { parameters: { licence: [0, 0.5] } }\nablation: [retaliation]\n`;
/** The quickstart with 200 replicates (800 runs, about 800 MB of metrics.csv): the page asks first; long enough that Cancel is always in time. */
const LONG = QUICKSTART.replace(/^replicates: 8$/m, 'replicates: 200');
/** The quickstart with 2,000 replicates (8,000 runs, about 8 GB of metrics.csv): too large for a browser. */
const HUGE = QUICKSTART.replace(/^replicates: 8$/m, 'replicates: 2000');
/** The same with a bad value on the replicates line. */
const BROKEN = SHORT.replace(/^replicates: 1$/m, 'replicates: -2');
const brokenLine = BROKEN.split('\n').findIndex((l) => l === 'replicates: -2') + 1;

/** Every file of scenarios/, by path from the repository root (as the page bundles them). */
function libraryFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(name)) out[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(join(root, 'scenarios'));
  return out;
}

/** The budget Node plans for the scenario, as the page's check worker does. */
function budgetInNode(text: string) {
  useScenarioFiles(memoryFiles({ ...libraryFiles(), [PATH]: text }, { cwd: '/repo', library: '/repo/scenarios' }));
  try {
    return buildPlan(loadScenario(PATH)).meta.budget;
  } finally {
    useScenarioFiles();
  }
}

/** The first byte at which two files differ (-1: none), so a failure says where. */
function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** In Node: the final value of each key metric of each run of the scenario, by `arm/metric`. */
function finalsInNode(text: string): Record<string, number> {
  useScenarioFiles(memoryFiles({ ...libraryFiles(), [PATH]: text }, { cwd: '/repo', library: '/repo/scenarios' }));
  try {
    const plan = buildPlan(loadScenario(PATH));
    const out: Record<string, number> = {};
    for (const run of plan.meta.runs) {
      const config = plan.configs[run.config]!;
      const metrics = simulate(materializeWorld(config.recipe), {
        steps: config.steps,
        seed: run.seed,
        record: config.record,
      }).metrics;
      for (const key of plan.meta.keyMetrics) {
        const [kind, entity, variable] = [
          key.split('/')[0],
          key.split('/').slice(1, -1).join('/'),
          key.split('/').at(-1),
        ];
        for (let i = 0; i < metrics.length; i++)
          if (
            metrics.stepAt(i) === config.steps &&
            metrics.entityKindAt(i) === kind &&
            metrics.entityAt(i) === entity &&
            metrics.variableAt(i) === variable
          )
            out[`${run.arm}/${key}`] = metrics.valueAt(i);
      }
    }
    return out;
  } finally {
    useScenarioFiles();
  }
}

interface Watched {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

async function open(browser: Browser, url: string, viewport = { width: 1100, height: 900 }): Promise<Watched> {
  const context = await browser.newContext({ viewport });
  const origin = new URL(url).origin;
  await context.route(
    (u) => !u.href.startsWith(`${origin}/`) && u.protocol !== 'data:' && u.protocol !== 'blob:',
    (route) => route.abort(),
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { context, page, errors };
}

/** Replaces the editor's whole text, as typing would. */
async function setText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const editorText = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent ?? '').join('\n'),
  );

describe.skipIf(skipReason !== null)('the scenario playground in chromium', () => {
  let server: Server;
  let browser: Browser;
  let origin: string;
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'chokepoint-playground-'));
    const vite = join(notebooksDir, 'node_modules', 'vite', 'bin', 'vite.js');
    await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'error', '--outDir', outDir], {
      cwd: notebooksDir,
      timeout: 120_000,
    });
    mkdirSync(screenshotDir, { recursive: true });
    server = await serve(outDir);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('locates an error, runs the fixed scenario on 3 workers, and its data equals simulate in Node', async () => {
    const { context, page, errors } = await open(browser, `${origin}/playground.html?workers=3`);
    try {
      // The quickstart, planned.
      await expect
        .poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 })
        .toBe('4 arms × 1 point × 8 replicates = 32 runs of 24 steps');
      expect(await editorText(page)).toBe(QUICKSTART);

      // An error, located at its line and column, in the list and in the editor.
      await setText(page, BROKEN);
      const expected = `${PATH}:${brokenLine}:13: replicates: expected an integer >= 1, received -2`;
      await expect
        .poll(() => page.locator('.pg-problems li').allTextContents(), { timeout: 15_000 })
        .toEqual([expected]);
      expect(await page.locator('[data-action="run"]').isDisabled()).toBe(true);
      const marked = await page.locator('.cm-lintRange-error').allTextContents();
      expect(marked).toEqual(['-2']);
      expect(
        await page
          .locator('.cm-line')
          .nth(brokenLine - 1)
          .textContent(),
      ).toBe('replicates: -2');

      // Fixed: planned again, and run.
      await setText(page, SHORT);
      await expect
        .poll(() => page.locator('.pg-summary').textContent(), { timeout: 15_000 })
        .toBe('4 arms × 1 point × 1 replicate = 4 runs of 8 steps');
      expect(await page.locator('.pg-problems li').count()).toBe(0);
      await page.locator('[data-action="run"]').click();
      await page.waitForSelector('.pg-results svg.time-series-chart', { timeout: 30_000 });
      expect(await page.locator('.pg-status').textContent()).toMatch(/^4 runs in [\d.]+ s on 3 workers$/);
      expect(await page.locator('.pg-results svg path.series-line').count()).toBe(4);

      // Its data: the final value of each key metric by arm, against Node.
      const node = finalsInNode(SHORT);
      const metrics = await page
        .locator('select[name="metric"] option')
        .evaluateAll((os) => os.map((o) => o.textContent));
      expect(metrics.length).toBeGreaterThan(0);
      const fromPage: Record<string, number> = {};
      for (const metric of metrics) {
        await page.locator('select[name="metric"]').selectOption(metric!);
        const rows = await page
          .locator('.pg-finals tbody tr')
          .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-arm'), tr.getAttribute('data-value')]));
        for (const [arm, value] of rows) fromPage[`${arm}/${metric}`] = Number(value);
      }
      expect(Object.keys(fromPage).length).toBe(4 * metrics.length);
      expect(fromPage).toEqual(node);
      await page.screenshot({ path: join(screenshotDir, 'playground.png'), fullPage: true });

      // The link reproduces the page.
      const url = page.url();
      expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/);
      const again = await open(browser, url);
      try {
        await expect
          .poll(() => again.page.locator('.pg-summary').textContent(), { timeout: 30_000 })
          .toBe('4 arms × 1 point × 1 replicate = 4 runs of 8 steps');
        expect(await editorText(again.page)).toBe(SHORT);
        expect(again.errors).toEqual([]);
      } finally {
        await again.context.close();
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('downloads the metrics.csv and summary.json of chokepoint run, byte for byte, and shows its report’s tables', async () => {
    // The CLI on the same file (same name, so the same `scenario` column), meanwhile.
    const cliDir = mkdtempSync(join(tmpdir(), 'chokepoint-playground-cli-'));
    const file = join(cliDir, 'quickstart.yaml');
    writeFileSync(file, PAIRS);
    const out = join(cliDir, 'out');
    const cli = promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(root, 'packages/cli/src/main.ts')].concat([
        'run',
        file,
        '--out',
        out,
        '--no-report',
        '--workers',
        '1',
      ]),
      { cwd: root, timeout: 120_000 },
    );
    const { context, page, errors } = await open(browser, `${origin}/playground.html?workers=2`);
    try {
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 }).toMatch(/= 32 runs/);
      await setText(page, PAIRS);
      await expect
        .poll(() => page.locator('.pg-summary').textContent(), { timeout: 15_000 })
        .toBe('8 arms × 2 points × 2 replicates = 24 runs of 8 steps');
      expect(await page.locator('.pg-downloads a').count()).toBe(0);
      await page.locator('[data-action="run"]').click();
      await page.waitForSelector('.pg-downloads a[data-file="summary.json"]', { timeout: 60_000 });
      const download = async (name: string): Promise<Buffer> => {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.locator(`.pg-downloads a[data-file="${name}"]`).click(),
        ]);
        expect(file.suggestedFilename()).toBe(name);
        return readFileSync((await file.path())!);
      };
      const csv = await download('metrics.csv');
      const json = await download('summary.json');
      await cli;
      const cliCsv = readFileSync(join(out, 'metrics.csv'));
      const cliJson = readFileSync(join(out, 'summary.json'));
      // 24 runs of 8 steps: megabytes of rows, every byte the CLI's.
      expect(cliCsv.length).toBeGreaterThan(1_000_000);
      expect(cliCsv.toString('utf8', 0, 200).split('\n', 1)[0]!.endsWith(',value,licence')).toBe(true);
      expect([csv.length, firstDifference(csv, cliCsv)]).toEqual([cliCsv.length, -1]);
      expect([json.length, firstDifference(json, cliJson)]).toEqual([cliJson.length, -1]);

      // The report's tables: one value against summary.json, then every cell against the CLI's report.
      const summary = JSON.parse(cliJson.toString('utf8')) as RunSummary;
      expect(summary.attribution?.length).toBeGreaterThan(0);
      const mean = summary.metrics.find((m) => m.arm === 'control' && m.metric === 'state/CN/output')!.mean;
      const shown = await page.evaluate(() => {
        const table = document.querySelector('.pg-report table.metrics')!;
        const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent === 'Mean');
        const row = [...table.querySelectorAll('tbody tr')].find(
          (tr) =>
            tr.children[0]?.getAttribute('title') === 'state/CN/output' && tr.children[1]?.textContent === 'control',
        );
        return row?.children[column]?.textContent;
      });
      expect(shown).toBe(formatValue(mean));
      const report = buildReportHtml({ run: await readRunDirectory(out), charts: [] });
      const cellsOf = (html: string | null) =>
        page.evaluate((html) => {
          const scope =
            html === null
              ? document.querySelector('.pg-report')!
              : new DOMParser().parseFromString(html, 'text/html').querySelector('#results')!;
          return ['measures', 'metrics', 'effects', 'attribution'].map((name) =>
            [...scope.querySelectorAll(`table.${name} tr`)].map((tr) => [...tr.children].map((c) => c.textContent)),
          );
        }, html);
      const tables = await cellsOf(null);
      const [, metrics, effects] = tables;
      expect(metrics!.length).toBe(1 + summary.metrics.length);
      expect(effects!.length).toBe(1 + summary.effects.length);
      // A sweep's points are named by the licence, in the page as in the report.
      expect(metrics![0]).toContain('licence');
      expect(tables).toEqual(await cellsOf(report));
      // The report's forest plot of the effects: a row per effect.
      expect(await page.locator('.pg-report svg g.effect-row').count()).toBe(summary.effects.length);
      await page.screenshot({ path: join(screenshotDir, 'playground-report.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await cli.catch(() => undefined);
      rmSync(cliDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('shows the charts and the "Where the effects come from" of the CLI’s report for the same run', async () => {
    // The quickstart with two replicates: 8 runs of 24 steps, an effect on CN output large
    // enough (over 5%) that the report follows its shortage paths, and 14 planned charts.
    const text = QUICKSTART.replace(/^replicates: 8$/m, 'replicates: 2');
    const cliDir = mkdtempSync(join(tmpdir(), 'chokepoint-playground-charts-'));
    const file = join(cliDir, 'quickstart.yaml');
    writeFileSync(file, text);
    const out = join(cliDir, 'out');
    const cli = promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(root, 'packages/cli/src/main.ts')].concat([
        'run',
        file,
        '--out',
        out,
        '--no-report',
        '--workers',
        '1',
      ]),
      { cwd: root, timeout: 120_000 },
    );
    const { context, page, errors } = await open(browser, `${origin}/playground.html?workers=2`);
    try {
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 }).toMatch(/= 32 runs/);
      await setText(page, text);
      await expect
        .poll(() => page.locator('.pg-summary').textContent(), { timeout: 15_000 })
        .toBe('4 arms × 1 point × 2 replicates = 8 runs of 24 steps');
      await page.locator('[data-action="run"]').click();
      await page.waitForSelector('.pg-charts figure svg', { timeout: 60_000 });
      await cli;

      // The charts the report of the CLI's run plans, drawn (without the manifest's provenance line) in Node.
      const run = await readRunDirectory(out, { chartRowsOnly: true });
      const plans = pickDefaultCharts(run);
      expect(plans.length).toBeGreaterThanOrEqual(10);
      const svgDocument = createSvgDocument();
      const inNode = plans.map((plan) => drawChartPlan(plan, { document: svgDocument }));
      const onPage = await page.locator('.pg-charts figure').evaluateAll((figures) =>
        figures.map((f) => ({
          id: f.getAttribute('data-chart'),
          kind: f.getAttribute('data-kind'),
          title: f.querySelector('svg > title')?.textContent,
          caption: f.querySelector('figcaption')?.textContent,
        })),
      );
      expect(onPage.map((c) => [c.id, c.kind, c.title, c.caption])).toEqual(
        inNode.map((c, i) => [c.id, c.kind, c.title, `Figure ${i + 1}. ${c.caption}`]),
      );
      // The same drawing, element for element and attribute for attribute (the page's column is
      // 720 px wide, as the report's charts are); Chromium and linkedom order attributes differently.
      const drawings = await page.evaluate(
        (svgs) => {
          const canonical = (node: Element): string =>
            `<${node.localName}${[...node.attributes]
              .map((a) => ` ${a.name}="${a.value}"`)
              .sort()
              .join('')}>${[...node.childNodes]
              .map((c) => (c.nodeType === Node.ELEMENT_NODE ? canonical(c as Element) : (c.textContent ?? '')))
              .join('')}</${node.localName}>`;
          const parser = new DOMParser();
          return {
            page: [...document.querySelectorAll('.pg-charts figure > svg')].map(canonical),
            node: svgs.map((svg) => canonical(parser.parseFromString(svg, 'image/svg+xml').documentElement)),
          };
        },
        inNode.map((c) => c.svg),
      );
      expect(drawings.page.length).toBe(plans.length);
      drawings.page.forEach((drawing, i) => expect(drawing, plans[i]!.id).toBe(drawings.node[i]));

      // "Where the effects come from": the report's section, word for word.
      const report = buildReportHtml({ run, charts: [] });
      expect(report).toContain('<section id="paths">');
      const paths = await page.evaluate((html) => {
        const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim();
        const theirs = new DOMParser().parseFromString(html, 'text/html').querySelector('#paths');
        return { page: text(document.querySelector('.pg-report #paths')), report: text(theirs) };
      }, report);
      expect(paths.page).toMatch(/^Where the effects come from .*state CN under aligned/);
      expect(paths.page).toBe(paths.report);
      await page.screenshot({ path: join(screenshotDir, 'playground-charts.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await cli.catch(() => undefined);
      rmSync(cliDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('completes keys and shows their docs from scenario.schema.json', async () => {
    const { context, page, errors } = await open(browser, `${origin}/playground.html`);
    try {
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 }).toMatch(/= 32 runs/);
      // Hover docs: the schema's description of `replicates`.
      const line = page.locator('.cm-line', { hasText: /^replicates: 8$/ });
      await line.scrollIntoViewIfNeeded();
      const box = (await line.boundingBox())!;
      await page.mouse.move(box.x + 20, box.y + box.height / 2);
      await expect
        .poll(() => page.locator('.cm-tooltip-hover').textContent(), { timeout: 10_000 })
        .toContain('Replicates per arm and point');
      // Completion of a top-level key the file does not have yet.
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.insertText('\nswe');
      await page.keyboard.press('Control+Space');
      await expect
        .poll(() => page.locator('.cm-tooltip-autocomplete li').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringContaining('sweep'));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('cancels a run, loads bundled scenarios from the menu (a large one checked off the page thread), and fits 390 px', async () => {
    const { context, page, errors } = await open(browser, `${origin}/playground.html`, { width: 390, height: 844 });
    try {
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 }).toMatch(/= 32 runs/);
      // A run long enough that it is still going when Cancel is clicked, on any machine; large
      // enough (about 800 MB of metrics.csv) that the page says so and asks first.
      await setText(page, LONG);
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 }).toMatch(/= 800 runs/);
      expect(await page.locator('.pg-size').textContent()).toMatch(
        /^A large plan: it writes about \d+ MB of metrics\.csv \([\d.,]+ (million )?rows from 800 runs of 24 steps\)/,
      );
      await page.locator('[data-action="run"]').click();
      expect(await page.locator('.pg-confirm').isVisible()).toBe(true);
      expect(await page.locator('[data-action="cancel"]').isVisible()).toBe(false);
      await page.locator('[data-action="not-now"]').click();
      expect(await page.locator('.pg-confirm').isVisible()).toBe(false);
      await page.locator('[data-action="run"]').click();
      await page.locator('[data-action="run-anyway"]').click();
      await page.locator('[data-action="cancel"]').click();
      await expect.poll(() => page.locator('.pg-status').textContent()).toBe('Cancelled.');
      expect(await page.locator('[data-action="run"]').isDisabled()).toBe(false);

      await page.locator('select[name="scenario"]').selectOption('scenarios/validation/zte-2018.yaml');
      await expect
        .poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 })
        .toMatch(/^\d+ arms? × \d+ points? × \d+ replicates? = \d+ runs?/);
      expect(await page.locator('.pg-file').textContent()).toBe('scenarios/validation/zte-2018.yaml');
      expect(await page.locator('.pg-problems .pg-error').count()).toBe(0);

      // A large design plans in seconds, in the check worker: the page answers meanwhile.
      await page
        .locator('select[name="scenario"]')
        .selectOption('scenarios/experiments/third-country-norms.sensitivity.yaml');
      expect(await page.locator('.pg-summary').textContent()).toBe('Checking…');
      // The page thread answers while the design is planned (how fast is for benchmarks, not tests).
      expect(await page.evaluate(() => document.readyState)).toBe('complete');
      await expect
        .poll(() => page.locator('.pg-summary').textContent(), { timeout: 60_000 })
        .toBe('5 arms × 64 points × 2 replicates = 640 runs of 32 steps');

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(screenshotDir, 'playground-390.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('redraws its charts at the new column width when a phone turns, from the same run', async () => {
    const { context, page, errors } = await open(browser, `${origin}/playground.html`, { width: 390, height: 844 });
    try {
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 }).toMatch(/= 32 runs/);
      await setText(page, SHORT);
      await expect
        .poll(() => page.locator('.pg-summary').textContent(), { timeout: 15_000 })
        .toBe('4 arms × 1 point × 1 replicate = 4 runs of 8 steps');
      await page.locator('[data-action="run"]').click();
      await page.waitForSelector('.pg-results svg.time-series-chart', { timeout: 30_000 });
      await page.waitForSelector('.pg-report svg.chokepoint-chart', { timeout: 30_000 });
      // The charts' widths, and the width they should have: the text column's, at most 720 px.
      const state = () =>
        page.evaluate(() => {
          const main = document.querySelector('main')!;
          const style = getComputedStyle(main);
          const column = Math.min(
            window.innerWidth - 32,
            main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
          );
          return {
            expected: Math.round(Math.max(300, Math.min(720, column))),
            widths: [...document.querySelectorAll<SVGSVGElement>('svg.chokepoint-chart')].map(
              (svg) => svg.viewBox.baseVal.width,
            ),
            lines: document.querySelectorAll('.pg-results svg path.series-line').length,
            status: document.querySelector('.pg-status')?.textContent,
            overflow: document.documentElement.scrollWidth - window.innerWidth,
          };
        });
      const follows = () =>
        page.waitForFunction(
          () => {
            const main = document.querySelector('main')!;
            const style = getComputedStyle(main);
            const column = Math.min(
              window.innerWidth - 32,
              main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
            );
            const expected = Math.round(Math.max(300, Math.min(720, column)));
            return [...document.querySelectorAll<SVGSVGElement>('svg.chokepoint-chart')].every(
              (svg) => svg.viewBox.baseVal.width === expected,
            );
          },
          undefined,
          { timeout: 10_000 },
        );
      const portrait = await state();
      // The key metric's chart, and every chart the report plans (the forest plot of the effects among them).
      const planned = await page.locator('.pg-charts figure > svg.chokepoint-chart').count();
      expect(planned).toBeGreaterThanOrEqual(10);
      expect(portrait.widths.length).toBe(1 + planned);
      expect(new Set(portrait.widths)).toEqual(new Set([portrait.expected]));
      expect(portrait.lines).toBe(4);

      await page.setViewportSize({ width: 844, height: 390 });
      await follows();
      const landscape = await state();
      expect(landscape.expected).toBeGreaterThan(portrait.expected);
      expect(landscape.widths.length).toBe(1 + planned);
      expect(landscape.lines).toBe(4);
      expect(landscape.status).toBe(portrait.status);

      await page.setViewportSize({ width: 390, height: 844 });
      await follows();
      const back = await state();
      expect(back.widths).toEqual(portrait.widths);
      expect(back.status).toBe(portrait.status);
      expect(back.overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('refuses a plan too large for the browser, saying its size and how to reduce it', async () => {
    const { context, page, errors } = await open(browser, `${origin}/playground.html`);
    try {
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 }).toMatch(/= 32 runs/);
      expect(await page.locator('.pg-size').isVisible()).toBe(false);
      await setText(page, HUGE);
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 60_000 }).toMatch(/= 8000 runs/);
      // The message the size check gives for the budget Node plans for the same file.
      const verdict = sizeVerdict(budgetInNode(HUGE), PATH);
      expect(verdict.kind).toBe('refuse');
      const message = verdict.kind === 'refuse' ? verdict.message : '';
      expect(message).toMatch(/^Too large for the browser: this plan writes about [\d.]+ GB of metrics\.csv \(/);
      expect(message).toContain('fewer replicates, a smaller sweep');
      expect(message).toContain(`chokepoint run ${PATH}`);
      await expect.poll(() => page.locator('.pg-size.pg-refused').textContent()).toBe(message);
      expect(await page.locator('[data-action="run"]').isDisabled()).toBe(true);
      // Back to the quickstart: no note, and it runs.
      await setText(page, QUICKSTART);
      await expect.poll(() => page.locator('.pg-summary').textContent(), { timeout: 30_000 }).toMatch(/= 32 runs/);
      expect(await page.locator('.pg-size').isVisible()).toBe(false);
      expect(await page.locator('[data-action="run"]').isDisabled()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

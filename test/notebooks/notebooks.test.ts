/**
 * The example notebooks (examples/notebooks/) in a browser. Builds them once with vite,
 * serves dist/ on 127.0.0.1, and opens each notebook in Debian chromium: the first chart
 * appears, moving a slider changes the chart's data, nothing is logged as an error, no
 * request leaves localhost (the notebooks must work offline), and a screenshot is saved to
 * test/notebooks/screenshots/ for review. Notebook 5 also gets YAML errors located by line
 * and column. Skips, saying why, when /usr/bin/chromium is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTEBOOKS } from '../../examples/notebooks/notebooks.js';
import { DEFAULT_POLICY_PARAMS, simulate } from '@chokepoint/core';
import { PHONE_THREAT } from '../../examples/notebooks/src/world.js';
import { firstRuns, firstWorld, headline, percentChange } from '../../examples/notebooks/src/first.js';
import { serve } from '../support/serve.js';

const root = join(import.meta.dirname, '..', '..');
const notebooksDir = join(root, 'examples', 'notebooks');
const distDir = join(notebooksDir, 'dist');
const screenshotDir = join(import.meta.dirname, 'screenshots');
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

const skipReason = existsSync(chromiumPath)
  ? null
  : `Debian chromium is missing at ${chromiumPath}: run \`apt-get install -y chromium\``;
if (skipReason !== null) console.warn(`notebook browser test skipped: ${skipReason}`);

/** For each notebook: the slider to move, the keys that move it, and the chart whose data must change. */
const CASES: Array<{ file: string; slider: string; keys: string[]; chart: string }> = [
  {
    file: '01-first-simulation.html',
    slider: 'tariff',
    keys: ['ArrowRight', 'ArrowRight'],
    chart: 'svg.time-series-chart',
  },
  {
    file: '02-export-controls-and-alliances.html',
    slider: 'lead',
    keys: ['ArrowRight', 'ArrowRight'],
    chart: 'svg.time-series-chart',
  },
  {
    file: '03-tit-for-tat.html',
    slider: 'forgiveness',
    keys: ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight'],
    chart: 'svg.time-series-chart',
  },
  {
    file: '04-sanctions-and-substitution.html',
    slider: 'rd',
    keys: ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight'],
    chart: 'svg.time-series-chart',
  },
  { file: '05-write-your-own-scenario.html', slider: 'quarter', keys: ['Home'], chart: 'svg.trade-flow-chart' },
  { file: '06-de-risking.html', slider: 'hawkishness', keys: ['Home'], chart: 'svg.time-series-chart' },
  { file: '07-sensitivity-analysis.html', slider: 'trajectories', keys: ['Home'], chart: 'svg.tornado-chart' },
  {
    file: '08-standards-blocs.html',
    slider: 'delegates',
    keys: ['ArrowRight', 'ArrowRight'],
    chart: 'svg.time-series-chart',
  },
  {
    file: '09-third-countries.html',
    slider: 'rate',
    keys: ['ArrowRight', 'ArrowRight'],
    chart: 'svg.time-series-chart',
  },
];

/** A page with its console errors and the requests that tried to leave localhost. */
interface Watched {
  context: BrowserContext;
  page: Page;
  errors: string[];
  external: string[];
}

async function open(
  browser: Browser,
  origin: string,
  file: string,
  viewport = { width: 1100, height: 900 },
  init?: () => void,
): Promise<Watched> {
  const context = await browser.newContext({ viewport });
  if (init) await context.addInitScript(init);
  const external: string[] = [];
  // Anything not from the local server is recorded and refused, as it would fail offline.
  await context.route(
    (url) => !url.href.startsWith(`${origin}/`) && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      external.push(route.request().url());
      return route.abort();
    },
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => {
    if (!external.includes(request.url())) errors.push(`request failed: ${request.url()}`);
  });
  await page.goto(`${origin}/${file}`);
  return { context, page, errors, external };
}

/** The markup of the first chart matching `selector`, once it has stopped changing. */
async function settledChart(page: Page, selector: string): Promise<string> {
  await page.waitForSelector(selector, { timeout: 20_000 });
  let previous = '';
  for (let i = 0; i < 50; i++) {
    const current = await page
      .locator(selector)
      .first()
      .evaluate((svg) => svg.outerHTML);
    if (current === previous) return current;
    previous = current;
    await page.waitForTimeout(150);
  }
  return previous;
}

describe.skipIf(skipReason !== null)('example notebooks in chromium', () => {
  let server: Server;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    const vite = join(notebooksDir, 'node_modules', 'vite', 'bin', 'vite.js');
    await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'error'], {
      cwd: notebooksDir,
      timeout: 90_000,
    });
    mkdirSync(screenshotDir, { recursive: true });
    server = await serve(distDir);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('covers every notebook, and the build wrote each page and its worker', () => {
    expect(CASES.map((c) => c.file)).toEqual(NOTEBOOKS.map((n) => n.file));
    for (const file of [
      'index.html',
      'glossary.html',
      'docs/ODD.html',
      'docs/mechanisms.html',
      'docs/sensitivity.html',
      'docs/sensitivity-tornado.png',
      ...NOTEBOOKS.map((n) => n.file),
    ])
      expect(existsSync(join(distDir, file)), file).toBe(true);
    for (const file of NOTEBOOKS.map((n) => n.file)) {
      const html = readFileSync(join(distDir, file), 'utf8');
      // Built pages import nothing from a CDN (Notebook Kit's npm: imports would).
      expect(html).not.toMatch(/(?:src|href)="https?:/);
      expect(html).not.toContain('npm:');
    }
  });

  it('index.html links every notebook, offline and without errors', async () => {
    const { context, page, errors, external } = await open(browser, origin, 'index.html');
    try {
      await page.waitForSelector('.cp-card');
      const links = await page
        .locator('main a.cp-card')
        .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
      expect(links).toEqual(NOTEBOOKS.map((n) => `./${n.file}`));
      await page.screenshot({ path: join(screenshotDir, 'index.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const { file, slider, keys, chart } of CASES) {
    it(`${file}: draws charts, reacts to the ${slider} slider, stays offline`, async () => {
      const { context, page, errors, external } = await open(browser, origin, file);
      try {
        const before = await settledChart(page, chart);
        const input = page.locator(`input[name="${slider}"]`);
        const valueBefore = await input.inputValue();
        await input.focus();
        for (const key of keys) await page.keyboard.press(key);
        expect(await input.inputValue()).not.toBe(valueBefore);
        // The worker reruns the simulation; the chart is redrawn from new data.
        await page.waitForFunction(
          ([selector, old]) => document.querySelector(selector!)?.outerHTML !== old,
          [chart, before] as const,
          { timeout: 20_000 },
        );
        const after = await settledChart(page, chart);
        expect(after).not.toBe(before);
        if (file === '01-first-simulation.html') {
          // A tariff now: the output chart marks quarter 5, where it is first in force.
          await expect
            .poll(() =>
              page
                .locator('svg.time-series-chart')
                .first()
                .locator('line.cp-marker')
                .evaluateAll((ls) => ls.map((l) => l.getAttribute('data-quarter'))),
            )
            .toEqual(['5']);
        }
        expect(await page.locator('svg.chokepoint-chart').count()).toBeGreaterThan(0);
        await page.screenshot({ path: join(screenshotDir, file.replace(/\.html$/, '.png')), fullPage: true });
        expect(errors).toEqual([]);
        expect(external).toEqual([]);
      } finally {
        await context.close();
      }
    }, 45_000);
  }

  it('01-first-simulation.html: the headline numbers compare with the world without policy, as Node computes them', async () => {
    const { context, page, errors, external } = await open(browser, origin, '01-first-simulation.html');
    try {
      await page.waitForSelector('.cp-stats .cp-stat', { timeout: 20_000 });
      await page.waitForSelector('svg.time-series-chart', { timeout: 20_000 });
      const stats = await page
        .locator('.cp-stat')
        .evaluateAll((nodes) => nodes.map((n) => [n.children[0]!.textContent, n.children[1]!.textContent]));
      // The page's default settings: US DNM, China NLG, hawkishness 0.5, no tariff.
      const rows = firstRuns(firstWorld({ us: 'DNM', cn: 'NLG', hawkishness: 0.5, tariff: 0 })).flatMap((job) =>
        simulate(job.spec, { steps: job.steps, seed: job.seed, record: { firms: false } })
          .metrics.rows()
          .map((r) => ({ ...r, arm: job.arm, replicate: job.replicate })),
      );
      const h = headline(rows);
      expect(stats[0]).toEqual([percentChange(h.us), 'US output in year 10, against the same world without policy']);
      expect(stats[1]).toEqual([
        percentChange(h.cn),
        'China’s output in year 10, against the same world without policy',
      ]);
      const titles = await page.locator('svg.time-series-chart title').allTextContents();
      expect(titles).toContain('Share of US purchases bought from China');
      expect(await page.locator('svg.time-series-chart g.series[data-series="United States, no policy"]').count()).toBe(
        1,
      );
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('every mention of docs/ODD.md, docs/mechanisms.md and docs/sensitivity.md is a link to a built page, and the section or row it names exists', async () => {
    for (const file of ['index.html', 'glossary.html', ...NOTEBOOKS.map((n) => n.file)]) {
      const { context, page, errors, external } = await open(browser, origin, file);
      try {
        await page.waitForSelector(
          file === 'index.html' ? '.cp-card' : file === 'glossary.html' ? 'dl.cp-glossary' : 'svg.chokepoint-chart',
          { timeout: 20_000 },
        );
        const check = await page.evaluate(async () => {
          const unlinked: string[] = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
            if (
              /docs\/(ODD|mechanisms|sensitivity)\.md/.test(node.textContent ?? '') &&
              node.parentElement?.closest('a[href]') === null
            )
              unlinked.push(node.textContent!.trim().slice(0, 80));
          }
          const links = [...document.querySelectorAll<HTMLAnchorElement>('a[href*="docs/"]')].map((a) => a.href);
          const broken: string[] = [];
          for (const href of new Set(links)) {
            const url = new URL(href);
            const response = await fetch(url.href.split('#')[0]!);
            const html = await response.text();
            const doc = new DOMParser().parseFromString(html, 'text/html');
            if (!response.ok || (url.hash !== '' && doc.getElementById(decodeURIComponent(url.hash.slice(1))) === null))
              broken.push(href);
          }
          return { unlinked, links: links.length, broken };
        });
        expect(check.unlinked, file).toEqual([]);
        expect(check.links, file).toBeGreaterThan(0);
        expect(check.broken, file).toEqual([]);
        expect(errors).toEqual([]);
        expect(external).toEqual([]);
      } finally {
        await context.close();
      }
    }
    // The built ODD page itself: offline, with its sections.
    const { context, page, errors, external } = await open(browser, origin, 'docs/ODD.html#s7-7');
    try {
      expect(await page.locator('h3#s7-7').textContent()).toContain('7.7 Doctrines');
      expect(await page.locator('a[href="../index.html"]').count()).toBe(1);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('charts mark the quarter each scripted measure starts, on the data point of that quarter', async () => {
    const expected: Record<string, Array<[number, string]>> = {
      '02-export-controls-and-alliances.html': [
        [7, 'Export control announced'],
        [9, 'Export control'],
      ],
      '04-sanctions-and-substitution.html': [
        [5, 'Entity list'],
        [9, 'FDPR'],
        [19, 'Export control'],
      ],
      '05-write-your-own-scenario.html': [
        [3, 'FDPR announced'],
        [5, 'FDPR'],
      ],
      '09-third-countries.html': [[5, 'Export finance']],
    };
    for (const [file, marks] of Object.entries(expected)) {
      const { context, page, errors } = await open(browser, origin, file);
      try {
        await settledChart(page, 'svg.time-series-chart');
        const charts = await page.locator('svg.time-series-chart').evaluateAll((svgs) =>
          svgs.map((svg) => ({
            marks: [...svg.querySelectorAll('line.cp-marker')].map((line) => [
              Number(line.getAttribute('data-quarter')),
              Number(line.getAttribute('x1')),
              line.nextElementSibling?.textContent ?? '',
            ]),
            // The x of each step's point, from the hover titles ("… · step 9: mean …").
            points: Object.fromEntries(
              [...svg.querySelectorAll('circle.series-point')].map((c) => [
                Number(/step (\d+)/.exec(c.querySelector('title')?.textContent ?? '')?.[1]),
                Number(c.getAttribute('cx')),
              ]),
            ),
          })),
        );
        expect(charts.length).toBeGreaterThan(0);
        for (const chart of charts) {
          expect(
            chart.marks.map(([q, , label]) => [q, label]),
            file,
          ).toEqual(marks);
          for (const [quarter, x] of chart.marks) expect(x as number).toBeCloseTo(chart.points[quarter as number]!, 3);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 60_000);

  it('05-write-your-own-scenario.html: the escalation timeline carries the measures’ markers, at the quarters the line charts mark them', async () => {
    const { context, page, errors } = await open(browser, origin, '05-write-your-own-scenario.html');
    try {
      await settledChart(page, 'svg.escalation-timeline-chart');
      await settledChart(page, 'svg.time-series-chart');
      // On screen (so after each chart's scaling): the x of each marker and of each step's point.
      const read = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((svg) => {
            const centre = (e: Element) => {
              const box = e.getBoundingClientRect();
              return box.left + box.width / 2;
            };
            const points: Record<number, number> = {};
            for (const c of svg.querySelectorAll('circle.series-point, circle.measures-point')) {
              const step = Number(/· step (\d+)/.exec(c.querySelector('title')?.textContent ?? '')?.[1]);
              if (Number.isFinite(step)) points[step] = centre(c);
            }
            const marks = [...svg.querySelectorAll('g.cp-markers line.cp-marker')].map(
              (line) => [Number(line.getAttribute('data-quarter')), centre(line)] as const,
            );
            const steps = Object.keys(points).map(Number);
            return { points, marks, first: Math.min(...steps), last: Math.max(...steps) };
          });
      const line = await read('svg.time-series-chart');
      const timeline = await read('svg.escalation-timeline-chart');
      expect(line.marks.map(([q]) => q)).toEqual([3, 5]);
      expect(timeline.marks.map(([q]) => q)).toEqual([3, 5]);
      expect([timeline.first, timeline.last]).toEqual([line.first, line.last]);
      // Where each quarter's mark falls along the axis, scaled to the line chart's axis.
      const along = (chart: typeof line, x: number) =>
        ((x - chart.points[chart.first]!) / (chart.points[chart.last]! - chart.points[chart.first]!)) *
          (line.points[line.last]! - line.points[line.first]!) +
        line.points[line.first]!;
      for (const [i, [quarter, x]] of timeline.marks.entries()) {
        expect(Math.abs(x - timeline.points[quarter]!)).toBeLessThan(1);
        expect(Math.abs(along(timeline, x) - line.marks[i]![1])).toBeLessThan(1);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 45_000);

  it('01-first-simulation.html: charts follow a phone’s rotation, redrawn at the new column width from the same results', async () => {
    const { context, page, errors } = await open(
      browser,
      origin,
      '01-first-simulation.html',
      { width: 390, height: 844 },
      () => {
        // Counts the requests to the simulation worker: rotating the phone must not send one.
        const post = Worker.prototype.postMessage;
        (window as unknown as { cpPosts: number }).cpPosts = 0;
        Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
          (window as unknown as { cpPosts: number }).cpPosts++;
          return post.apply(this, args as [unknown]);
        } as Worker['postMessage'];
      },
    );
    try {
      await page.waitForSelector('svg.escalation-timeline-chart', { timeout: 20_000 });
      await settledChart(page, 'svg.time-series-chart');
      // The width notebook 1's charts (720 px preferred) should be drawn at: the text column's, at most 720.
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
            series: document.querySelectorAll('svg.time-series-chart g.series').length,
            posts: (window as unknown as { cpPosts: number }).cpPosts,
            overflow: Math.max(
              ...[...document.querySelectorAll('figure.cp-figure')].map(
                (f) => f.getBoundingClientRect().right - document.documentElement.clientWidth,
              ),
            ),
          };
        });
      const portrait = await state();
      expect(portrait.widths.length).toBe(4);
      expect(new Set(portrait.widths)).toEqual(new Set([portrait.expected]));
      expect(portrait.posts).toBeGreaterThan(0);
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

      // A change that leaves the column as wide (a shorter window) redraws nothing.
      await page
        .locator('svg.time-series-chart')
        .first()
        .evaluate((svg) => svg.setAttribute('data-probe', ''));
      await page.setViewportSize({ width: 390, height: 700 });
      await page.waitForTimeout(600);
      expect(await page.locator('svg.time-series-chart[data-probe]').count()).toBe(1);

      await page.setViewportSize({ width: 844, height: 390 });
      await follows();
      expect(await page.locator('svg.time-series-chart[data-probe]').count()).toBe(0);
      const landscape = await state();
      expect(landscape.expected).toBeGreaterThan(portrait.expected);
      expect(new Set(landscape.widths)).toEqual(new Set([landscape.expected]));
      expect(landscape.widths.length).toBe(4);
      expect(landscape.series).toBe(portrait.series);
      expect(landscape.posts).toBe(portrait.posts);
      await page.screenshot({ path: join(screenshotDir, '01-first-simulation-844x390.png'), fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      await follows();
      const back = await state();
      expect(back.expected).toBe(portrait.expected);
      expect(back.widths).toEqual(portrait.widths);
      expect(back.posts).toBe(portrait.posts);
      expect(back.overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the glossary defines the notebooks’ terms, every page links to it, and its numbers are the model’s defaults', async () => {
    const { context, page, errors, external } = await open(browser, origin, 'glossary.html');
    try {
      await page.waitForSelector('dl.cp-glossary');
      const ids = await page.locator('dl.cp-glossary dt').evaluateAll((dts) => dts.map((dt) => dt.id));
      for (const term of [
        'quarter',
        'dnm',
        'nlg',
        'derisk',
        'threat-test',
        'hawkishness',
        'chokepoint',
        'export-control',
        'fdpr',
        'tariff',
        'retaliation',
        'forgiveness',
        'escalation-index',
        'leakage',
        'front-loading',
        'capability',
        'import-substitution',
        'design-out',
        'self-sufficiency',
        'welfare',
        'baseline',
        'sep',
        'bloc-voting',
        'export-finance',
        'armington',
        'sensitivity',
      ]) {
        expect(ids, term).toContain(term);
      }
      const text = (id: string) => page.locator(`dt#${id} + dd`).textContent();
      const p = DEFAULT_POLICY_PARAMS;
      expect(await text('forgiveness')).toContain(`default ${p.forgiveness}`);
      expect(await text('chokepoint')).toContain(`${p.chokepointShare * 100}% of world capacity`);
      expect(await text('threat-test')).toContain(`Above ${p.threatThreshold}`);
      expect(await text('threat-test')).toContain(
        `phones score ${(Object.values(PHONE_THREAT).reduce((a, b) => a + b, 0) / 4).toFixed(2)}`,
      );
      expect(await text('retaliation')).toContain(`at most ${Math.round(p.retaliationTariff * 100)}%`);
      expect(await text('reciprocity')).toContain(`probability ${p.reciprocityOffer} each decision round`);
      expect(await text('front-loading')).toContain(`${p.frontLoadDays} extra days`);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
    for (const file of ['index.html', ...NOTEBOOKS.map((n) => n.file)]) {
      const { context: c, page: p } = await open(browser, origin, file);
      try {
        expect(await p.locator('nav.cp-nav a[href="./glossary.html"]').count(), file).toBe(1);
      } finally {
        await c.close();
      }
    }
  }, 60_000);

  it('a built page opened from file:// says it needs a server and how to start one; served, it does not', async () => {
    for (const file of ['index.html', NOTEBOOKS[0].file]) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(pathToFileURL(join(distDir, file)).href);
        const warning = page.locator('#cp-file-warning');
        await expect.poll(() => warning.isVisible()).toBe(true);
        const text = (await warning.textContent())!.replace(/\s+/g, ' ');
        expect(text).toContain('needs a web server');
        expect(text).toContain('pnpm --filter @chokepoint/notebooks preview');
        expect(text).toContain('python3 -m http.server -d examples/notebooks/dist');
      } finally {
        await context.close();
      }
    }
    const { context, page } = await open(browser, origin, NOTEBOOKS[0].file);
    try {
      await page.waitForSelector('svg.chokepoint-chart', { timeout: 20_000 });
      expect(await page.locator('#cp-file-warning').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  }, 60_000);

  for (const file of NOTEBOOKS.map((n) => n.file)) {
    it(`${file} at 390 px wide: no figure overflows the page, and tick labels stay readable`, async () => {
      const { context, page, errors } = await open(browser, origin, file, { width: 390, height: 844 });
      try {
        await settledChart(page, 'svg.chokepoint-chart');
        const layout = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const figures = [...document.querySelectorAll('figure.cp-figure')].map((f) =>
            Math.round(f.getBoundingClientRect().right),
          );
          // The on-screen size of each chart's tick labels: their font size times the chart's scale.
          const ticks = [...document.querySelectorAll<SVGSVGElement>('svg.chokepoint-chart')].map((svg) => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const tick = svg.querySelector('.tick text')?.closest('[font-size]');
            return Number(tick?.getAttribute('font-size') ?? 11) * scale;
          });
          // Titles fit their chart (a long one wraps).
          const titles = [...document.querySelectorAll<SVGSVGElement>('svg.chokepoint-chart')].map((svg) => {
            const title = svg.querySelector<SVGTextElement>('.chart-title');
            return title === null ? 0 : title.getBBox().x + title.getBBox().width - svg.viewBox.baseVal.width;
          });
          return { width, scrollWidth: document.documentElement.scrollWidth, figures, ticks, titles };
        });
        expect(layout.figures.length).toBeGreaterThan(0);
        for (const right of layout.figures) expect(right).toBeLessThanOrEqual(layout.width);
        expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
        for (const size of layout.ticks) expect(size).toBeGreaterThanOrEqual(9);
        for (const overhang of layout.titles) expect(overhang).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(screenshotDir, file.replace(/\.html$/, '-390.png')), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 45_000);
  }

  it('05-write-your-own-scenario.html: reports YAML and world errors by line and column', async () => {
    const { context, page, errors, external } = await open(browser, origin, '05-write-your-own-scenario.html');
    try {
      await page.waitForSelector('svg.chokepoint-chart', { timeout: 20_000 });
      const editor = page.locator('textarea[name="scenario"]');
      const example = await editor.inputValue();
      const status = page.locator('.cp-validation');
      await expect.poll(() => status.getAttribute('data-status')).toBe('valid');
      const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

      // A product nobody defines: the engine's WorldSpecError, mapped back to the YAML.
      const typo = example.replace('{ id: SMIC, state: CN, product: chip,', '{ id: SMIC, state: CN, product: chips,');
      expect(typo).not.toBe(example);
      await editor.fill(typo);
      await expect.poll(() => status.getAttribute('data-status')).toBe('invalid');
      const smicLine = lineOf(typo, 'id: SMIC');
      const column = typo.split('\n')[smicLine - 1]!.indexOf('chips') + 1;
      await expect.poll(() => status.textContent()).toContain(`line ${smicLine}, col ${column}`);
      expect(await status.textContent()).toContain('did you mean "chip"');
      expect(await page.locator('.cp-gutter .cp-error-line').allTextContents()).toEqual([String(smicLine)]);

      // A YAML syntax error: an unclosed flow mapping.
      const broken = example.replace(
        '{ id: Apple, state: US, product: phone }',
        '{ id: Apple, state: US, product: phone',
      );
      await editor.fill(broken);
      await expect.poll(() => status.textContent()).toMatch(/in the YAML[\s\S]*line \d+, col \d+/);

      // A misspelt top-level key, with a suggestion.
      await editor.fill(example.replace('\nmeasures:', '\nmeasure:'));
      await expect.poll(() => status.textContent()).toContain(`line ${lineOf(example, 'measures:')}, col 1`);
      expect(await status.textContent()).toContain('did you mean "measures"');

      // Reset brings the example back, valid.
      await page.locator('button[data-action="reset"]').click();
      await expect.poll(() => status.getAttribute('data-status')).toBe('valid');
      expect(await editor.inputValue()).toBe(example);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  }, 45_000);
});

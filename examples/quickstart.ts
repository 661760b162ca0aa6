/**
 * The quickstart: a small two-bloc world (gallium → chipmaking equipment →
 * chips → phones), three arms — no controls, a US-only control on chipmaking
 * equipment to China, and the same control aligned with Japan and the
 * Netherlands — with 10 replicates each. It writes a run directory
 * (metrics.csv, summary.json, manifest.json; see docs/outputs.md), renders the
 * charts and the HTML report, and prints the report's path.
 *
 * Run: `pnpm start` (or `node --conditions=source --import tsx examples/quickstart.ts [OUT_DIR]`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveSeed, simulate, type MeasureSpec, type WorldSpec } from '@chokepoint/core';
import { renderRunCharts, writeReport } from '@chokepoint/charts/node';

const here = dirname(fileURLToPath(import.meta.url));
const version = (JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string }).version;
const SCENARIO = 'quickstart';
const STEPS = 24;
const REPLICATES = 10;
const KEY_METRICS = ['state/CN/output', 'state/US/output', 'product/sme/leakage', 'world/world/welfare', 'state_product/CN:chip/capability'];

/** The world: hawkish-leaning states draw licences and retaliation at random, so replicates differ. */
function world(measures: MeasureSpec[]): WorldSpec {
  return {
    states: [
      { id: 'US', doctrine: 'NLG', rival: 'CN', hawkishness: 0.6 },
      { id: 'CN', doctrine: 'NLG', rival: 'US', hawkishness: 0.6 },
      { id: 'JP', doctrine: 'NLG' },
      { id: 'NL', doctrine: 'NLG' },
      { id: 'TW', doctrine: 'NLG' },
      { id: 'ROW', doctrine: 'NLG' },
    ],
    products: [
      { id: 'gallium', stage: 'minerals' },
      { id: 'sme', stage: 'equipment', recipe: [{ product: 'gallium', amount: 0.1 }], strategic: true, price: 5 },
      { id: 'chip', stage: 'fab', recipe: [{ product: 'sme', amount: 0.2 }, { product: 'gallium', amount: 0.05 }], strategic: true, price: 3 },
      { id: 'phone', stage: 'device', recipe: [{ product: 'chip', amount: 1 }], price: 10 },
    ],
    firms: [
      { id: 'GalliumCN', state: 'CN', product: 'gallium' },
      { id: 'GalliumROW', state: 'ROW', product: 'gallium' },
      { id: 'AMAT', state: 'US', product: 'sme' },
      { id: 'ASML', state: 'NL', product: 'sme', origin: { NL: 0.8, US: 0.2 } },
      { id: 'TEL', state: 'JP', product: 'sme', origin: { JP: 0.9, US: 0.1 } },
      { id: 'TSMC', state: 'TW', product: 'chip', origin: { TW: 0.6, US: 0.4 } },
      { id: 'SMIC', state: 'CN', product: 'chip', capability: 0.7 },
      { id: 'Apple', state: 'US', product: 'phone' },
      { id: 'Huawei', state: 'CN', product: 'phone' },
    ],
    edges: [
      { supplier: 'GalliumCN', buyer: 'AMAT', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'AMAT', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'ASML', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'ASML', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'TEL', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'TEL', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'TSMC', share: 0.8 },
      { supplier: 'GalliumROW', buyer: 'TSMC', share: 0.2 },
      { supplier: 'GalliumCN', buyer: 'SMIC' },
      { supplier: 'AMAT', buyer: 'TSMC', share: 0.4 },
      { supplier: 'ASML', buyer: 'TSMC', share: 0.4 },
      { supplier: 'TEL', buyer: 'TSMC', share: 0.2 },
      { supplier: 'AMAT', buyer: 'SMIC', share: 0.4 },
      { supplier: 'ASML', buyer: 'SMIC', share: 0.4 },
      { supplier: 'TEL', buyer: 'SMIC', share: 0.2 },
      { supplier: 'TSMC', buyer: 'Apple' },
      { supplier: 'TSMC', buyer: 'Huawei', share: 0.7 },
      { supplier: 'SMIC', buyer: 'Huawei', share: 0.3 },
    ],
    finalDemand: [
      { state: 'US', product: 'phone', quantity: 40, suppliers: [{ firm: 'Apple', share: 0.85 }, { firm: 'Huawei', share: 0.15 }] },
      { state: 'CN', product: 'phone', quantity: 50, suppliers: [{ firm: 'Apple', share: 0.3 }, { firm: 'Huawei', share: 0.7 }] },
      { state: 'ROW', product: 'phone', quantity: 60, suppliers: [{ firm: 'Apple', share: 0.5 }, { firm: 'Huawei', share: 0.5 }] },
    ],
    alliances: [{ id: 'sme-coalition', members: ['US', 'JP', 'NL'] }],
    measures,
    policy: { forgiveness: 0.5 },
  };
}

const control: MeasureSpec = { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['sme'], start: 4, announce: 2, licence: 0.1 };
const arms: Array<{ name: string; measures: MeasureSpec[] }> = [
  { name: 'control', measures: [] },
  { name: 'us-only', measures: [control] },
  { name: 'aligned', measures: [control, { ...control, issuer: 'JP' }, { ...control, issuer: 'NL' }] },
];

const startedAt = new Date();
const out = resolve(process.argv[2] ?? join(here, '..', 'runs', `${SCENARIO}-${startedAt.toISOString().replace(/[:.]/g, '-')}`));
mkdirSync(out, { recursive: true });
const scenarioText = JSON.stringify({ steps: STEPS, replicates: REPLICATES, arms: arms.map((a) => ({ name: a.name, world: world(a.measures) })) });
const hash = createHash('sha256').update(scenarioText).digest('hex');

const header = 'run_id,scenario,arm,point,replicate,seed,step,date,entity_kind,entity,variable,value';
const lines: string[] = [header];
const finals = new Map<string, number[]>(); // arm|metric -> values at the final step
const runs: Array<{ run_id: string; seed: string }> = [];
let done = 0;
for (const arm of arms) {
  for (let replicate = 0; replicate < REPLICATES; replicate++) {
    const seed = deriveSeed(hash.slice(0, 16), arm.name, 0, replicate);
    const runId = `${arm.name}/0/${replicate}`;
    runs.push({ run_id: runId, seed });
    const result = simulate(world(arm.measures), { steps: STEPS, seed, record: { firms: true } });
    const m = result.metrics;
    for (let i = 0; i < m.length; i++) {
      lines.push(`${runId},${SCENARIO},${arm.name},0,${replicate},${seed},${m.step[i]},,${m.entityKind[i]},${m.entity[i]},${m.variable[i]},${m.value[i]}`);
      if (m.step[i] === STEPS) {
        const key = `${arm.name}|${m.entityKind[i]}/${m.entity[i]}/${m.variable[i]}`;
        if (KEY_METRICS.includes(key.split('|')[1]!)) (finals.get(key) ?? finals.set(key, []).get(key)!).push(m.value[i]!);
      }
    }
    done++;
    process.stdout.write(`\rrunning ${done}/${arms.length * REPLICATES}`);
  }
}
process.stdout.write('\n');

/** Student t quantile for a two-sided 95% interval (df >= 1), by table then normal limit. */
function t95(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086];
  return df <= table.length ? table[df - 1]! : 1.96 + 2.4 / df;
}
const stats = (values: number[]): { n: number; mean: number; sd: number } => {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, sd };
};
const metrics = [];
const effects = [];
for (const arm of arms) {
  for (const metric of KEY_METRICS) {
    const values = finals.get(`${arm.name}|${metric}`) ?? [];
    if (values.length === 0) continue;
    const { n, mean, sd } = stats(values);
    const half = n > 1 ? (t95(n - 1) * sd) / Math.sqrt(n) : 0;
    metrics.push({ arm: arm.name, point: 0, metric, n, mean, sd, ci95: [mean - half, mean + half] });
    if (arm.name === 'control') continue;
    const base = finals.get(`control|${metric}`);
    if (base === undefined) continue;
    const a = stats(values);
    const b = stats(base);
    const se = Math.sqrt(a.sd ** 2 / a.n + b.sd ** 2 / b.n);
    // Welch–Satterthwaite degrees of freedom.
    const df = se === 0 ? 1 : se ** 4 / ((a.sd ** 2 / a.n) ** 2 / (a.n - 1) + (b.sd ** 2 / b.n) ** 2 / (b.n - 1));
    const difference = a.mean - b.mean;
    const margin = t95(Math.max(1, Math.floor(df))) * se;
    effects.push({ arm: arm.name, control: 'control', point: 0, metric, difference, ci95: [difference - margin, difference + margin], relative: b.mean !== 0 ? difference / b.mean : null });
  }
}

/** Writes a file atomically: a temporary file, then a rename. */
function write(name: string, text: string): void {
  const path = join(out, name);
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
write('metrics.csv', `${lines.join('\n')}\n`);
write(
  'summary.json',
  `${JSON.stringify(
    {
      scenario: SCENARIO,
      title: 'Quickstart: unilateral vs aligned controls on chipmaking equipment',
      description:
        'A US-only control on chipmaking equipment to China leaks through Japanese and Dutch suppliers; aligned with them, it binds. The control is announced two quarters ahead, so buyers front-load.',
      sources: ['CNAS "Common Code": ~90% of SME from Japan, the US and the Netherlands (seed 001)'],
      control: 'control',
      statistic: 'final',
      metrics,
      effects,
    },
    null,
    2,
  )}\n`,
);
write(
  'manifest.json',
  `${JSON.stringify(
    {
      tool: 'chokepoint',
      version,
      commit: null,
      scenario: { path: 'examples/quickstart.ts', hash: `sha256:${hash}`, text: scenarioText },
      seed: hash.slice(0, 16),
      runs,
      platform: { node: process.version, os: platform(), arch: arch(), cpus: cpus().length },
      startedAt: startedAt.toISOString(),
      wallTimeMs: Date.now() - startedAt.getTime(),
      workers: 1,
      shard: null,
    },
    null,
    2,
  )}\n`,
);
const charts = await renderRunCharts(out);
const report = await writeReport(out, { charts });
console.log(`data: ${join(out, 'metrics.csv')}`);
console.log(`charts: ${charts.length} in ${join(out, 'charts')}`);
console.log(`Report: ${report}`);

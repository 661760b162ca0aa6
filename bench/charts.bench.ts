/**
 * How long one chart takes to draw in Node: SVG (d3 into linkedom) and PNG (resvg with the
 * bundled DejaVu Sans). Run: node --conditions=source --import tsx bench/charts.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { serializeSvg, timeSeriesChart, type ReplicateObservation } from '@chokepoint/charts';
import { createSvgDocument, renderPng } from '@chokepoint/charts/node';

const rows: ReplicateObservation[] = [];
let state = 1;
const noise = () => ((state = (state * 48271) % 2147483647) / 2147483647 - 0.5) * 10;
for (const arm of ['control', 'sanctions', 'allied_controls']) {
  for (let replicate = 0; replicate < 10; replicate++) {
    for (let step = 1; step <= 40; step++) rows.push({ arm, replicate, step, value: 1000 + step * 5 + noise() });
  }
}

function time(label: string, repeats: number, run: () => unknown): void {
  run();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) run();
  console.log(`${label}: ${((performance.now() - start) / repeats).toFixed(2)} ms`);
}

const document = createSvgDocument();
const options = { title: 'World output', yLabel: 'World output', unit: 'value, units × price', control: 'control' };
console.log(`time series, 3 arms × 10 replicates × 40 steps (${rows.length} rows)`);
time('SVG (draw + serialize)', 50, () => serializeSvg(timeSeriesChart(rows, options, document)));
const svg = serializeSvg(timeSeriesChart(rows, options, document));
time('PNG at scale 2', 10, () => renderPng(svg, { scale: 2 }));

/**
 * Compares bench/results/latest.json with the committed bench/results/baseline.json.
 *
 * Prints, for each result present in both, the ratio current / baseline of
 * edge-steps per second (higher is better) and of bytes per edge (lower is
 * better), and flags any regression over 10%. Exits non-zero on a regression
 * only with `--strict`, since timings on a shared machine are noisy.
 *
 * Run: `pnpm bench:compare` (after `pnpm bench`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Row {
  name: string;
  edges: number;
  edgeStepsPerSec: number;
  bytesPerEdge: number;
  scalingExponent: number | null;
}

const TOLERANCE = 0.1;
const here = dirname(fileURLToPath(import.meta.url));

function load(name: string): Row[] {
  const path = join(here, 'results', name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Row[];
  } catch (error) {
    console.error(`${path}: cannot read (${(error as Error).message}); run \`pnpm bench\` first`);
    process.exit(2);
  }
}

const baseline = load('baseline.json');
const latest = load('latest.json');
let regressions = 0;
console.log('benchmark       speed ratio   memory ratio');
for (const current of latest) {
  const base = baseline.find((r) => r.name === current.name);
  if (base === undefined) continue;
  const speed = current.edgeStepsPerSec / base.edgeStepsPerSec;
  const memory = current.bytesPerEdge / base.bytesPerEdge;
  const flags = [speed < 1 - TOLERANCE ? 'SLOWER' : '', memory > 1 + TOLERANCE ? 'BIGGER' : ''].filter(Boolean);
  regressions += flags.length;
  console.log(`${current.name.padEnd(14)}  ${speed.toFixed(3).padStart(10)}   ${memory.toFixed(3).padStart(11)}   ${flags.join(' ')}`);
}
const exponent = (rows: Row[]): number | null => rows[0]?.scalingExponent ?? null;
if (exponent(baseline) !== null && exponent(latest) !== null) {
  console.log(`scaling exponent: ${exponent(latest)!.toFixed(3)} (baseline ${exponent(baseline)!.toFixed(3)})`);
}
console.log(regressions === 0 ? 'no regression over 10%' : `${regressions} regression(s) over 10%`);
if (regressions > 0 && process.argv.includes('--strict')) process.exit(1);

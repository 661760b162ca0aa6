/**
 * The playground's modules in Node (examples/notebooks/src/playground/): the bundled library
 * and its menu, the check that plans an edited file (the CLI's located errors, the plan's
 * summary), and one planned run as the worker runs it, against `simulate`. The page itself is
 * tested in Chromium by playground.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '@chokepoint/core';
import type { PartHeader } from '@chokepoint/format';
import { materializeWorld } from '@chokepoint/scenario';
import { checkScenario, parseProblem, ready } from '../../examples/notebooks/src/playground/check.js';
import { LIBRARY_FILES, scenarioMenu } from '../../examples/notebooks/src/playground/library.js';
import {
  CONFIRM_BYTES,
  MAX_BYTES,
  MAX_RUN_MEMORY,
  sizeText,
  sizeVerdict,
} from '../../examples/notebooks/src/playground/sizeGuard.js';
import { keyRows, planJobs, simulateJob } from '../../examples/notebooks/src/playground/simulateRun.js';

const root = join(import.meta.dirname, '..', '..');
const PATH = 'scenarios/quickstart.yaml';
const QUICKSTART = readFileSync(join(root, PATH), 'utf8');

beforeAll(() => ready());

describe('the playground library and menu', () => {
  it('bundles scenarios/ by path from the repository root', () => {
    expect(LIBRARY_FILES[PATH]).toBe(QUICKSTART);
    expect(LIBRARY_FILES['scenarios/worlds/toy-chips.yaml']).toBeDefined();
    expect(LIBRARY_FILES['scenarios/scenario.schema.json']).toBeDefined();
  });

  it('groups the quickstart, the experiments and the validation episodes, leaving out worlds and targets', () => {
    const menu = scenarioMenu();
    expect(menu.map((g) => g.group)).toEqual(['Quickstart', 'Experiments', 'Validation episodes']);
    const paths = menu.flatMap((g) => g.entries.map((e) => e.path));
    expect(paths).toContain('scenarios/validation/zte-2018.yaml');
    expect(paths.some((p) => p.includes('/worlds/') || p.endsWith('.targets.yaml'))).toBe(false);
  });

  it('plans every scenario of the menu from the files in memory', () => {
    for (const { path } of scenarioMenu().flatMap((g) => g.entries)) {
      const checked = checkScenario(path, LIBRARY_FILES[path]!);
      expect(checked.ok ? 'ok' : checked.problems.map((p) => p.text), path).toBe('ok');
    }
  }, 120_000);
});

describe('checking an edited scenario', () => {
  it('summarizes the plan', () => {
    const checked = checkScenario(PATH, QUICKSTART);
    expect(checked.ok && checked.summary).toBe('4 arms × 1 point × 8 replicates = 32 runs of 24 steps');
  });

  it('locates an error as the CLI prints it', () => {
    const text = QUICKSTART.replace(/^replicates: 8$/m, 'replicates: -2');
    const line = text.split('\n').indexOf('replicates: -2') + 1;
    const checked = checkScenario(PATH, text);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      {
        file: PATH,
        line,
        col: 13,
        message: 'replicates: expected an integer >= 1, received -2',
        text: `${PATH}:${line}:13: replicates: expected an integer >= 1, received -2`,
      },
    ]);
  });

  it('parses a line with no location as a message of the file', () => {
    expect(parseProblem('something failed', PATH)).toEqual({
      file: PATH,
      line: 0,
      col: 0,
      message: 'something failed',
      text: 'something failed',
    });
  });
});

describe('one planned run, as the worker runs it', () => {
  it('gives the key metrics of simulate for the run’s world, steps and seed, every step', () => {
    const checked = checkScenario(PATH, QUICKSTART.replace(/^horizon: 24$/m, 'horizon: 4'));
    if (!checked.ok) throw new Error(checked.problems[0]!.text);
    const jobs = planJobs(checked.plan);
    expect(jobs.map((j) => j.run.runId)).toEqual(checked.plan.meta.runs.map((r) => r.runId));
    const job = jobs.find((j) => j.run.arm === 'aligned' && j.run.replicate === 1)!;
    const part = simulateJob(job);
    const header = JSON.parse(part.header) as PartHeader;
    const rows = keyRows(job.run, header).filter((r) => r.metric === 'state/CN/output');
    expect(rows.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    const config = checked.plan.configs[checked.plan.meta.runs.find((r) => r.runId === job.run.runId)!.config]!;
    const metrics = simulate(materializeWorld(config.recipe), {
      steps: config.steps,
      seed: job.run.seed,
      record: config.record,
    }).metrics;
    const expected: number[] = [];
    for (let i = 0; i < metrics.length; i++)
      if (metrics.entityAt(i) === 'CN' && metrics.variableAt(i) === 'output' && metrics.entityKindAt(i) === 'state')
        expected.push(metrics.valueAt(i));
    expect(rows.map((r) => r.value)).toEqual(expected);
    // Its rows of metrics.csv: one line per recorded value, each starting with the run's fields.
    const lines = new TextDecoder().decode(part.csv).split('\n').slice(0, -1);
    expect(lines.length).toBe(header.rows);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith(`aligned/0/1,quickstart,aligned,0,1,${job.run.seed},`))).toBe(true);
  });
});

describe('the size check before a run', () => {
  const budget = { runs: 32, steps: 768, rows: 282_624, csvBytes: 31e6, memoryPerRun: 2.2e6 };

  it('runs a plan of ordinary size, asks before a large one, refuses one too large for a browser', () => {
    expect(sizeVerdict(budget, PATH)).toEqual({ kind: 'ok' });
    expect(sizeVerdict(undefined, PATH)).toEqual({ kind: 'ok' });
    expect(sizeVerdict({ ...budget, csvBytes: CONFIRM_BYTES }, PATH).kind).toBe('ok');
    expect(sizeVerdict({ ...budget, csvBytes: CONFIRM_BYTES + 1 }, PATH).kind).toBe('confirm');
    expect(sizeVerdict({ ...budget, csvBytes: MAX_BYTES }, PATH).kind).toBe('confirm');
    expect(sizeVerdict({ ...budget, csvBytes: MAX_BYTES + 1 }, PATH).kind).toBe('refuse');
    expect(sizeVerdict({ ...budget, memoryPerRun: MAX_RUN_MEMORY + 1 }, PATH).kind).toBe('refuse');
  });

  it('says the size and how to reduce it', () => {
    expect(sizeText(budget)).toBe('about 31 MB of metrics.csv (282,624 rows from 32 runs of 24 steps)');
    const huge = sizeVerdict({ ...budget, runs: 8000, steps: 192_000, rows: 7.1e7, csvBytes: 7.7e9 }, PATH);
    expect(huge).toEqual({
      kind: 'refuse',
      message:
        'Too large for the browser: this plan writes about 7.7 GB of metrics.csv (71 million rows from 8,000 runs of 24 steps), ' +
        'more than the 1.0 GB this page keeps in memory. To run it here, make it smaller: fewer replicates, a smaller sweep ' +
        '(fewer points or parameters), a shorter horizon, or fewer variables recorded (outputs.variables). Or run it with ' +
        `the command line, which writes to disk as it goes: chokepoint run ${PATH}`,
    });
  });
});

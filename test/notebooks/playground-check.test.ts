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
import { materializeWorld } from '@chokepoint/scenario';
import { checkScenario, parseProblem, ready } from '../../examples/notebooks/src/playground/check.js';
import { LIBRARY_FILES, scenarioMenu } from '../../examples/notebooks/src/playground/library.js';
import { parseMetricKey, planJobs, simulateJob } from '../../examples/notebooks/src/playground/simulateRun.js';

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
  it('parses key metric names', () => {
    expect(parseMetricKey('state_product/CN:chip/capability')).toEqual({
      kind: 'state_product',
      entity: 'CN:chip',
      variable: 'capability',
    });
  });

  it('gives the key metrics of simulate for the run’s world, steps and seed', () => {
    const checked = checkScenario(PATH, QUICKSTART.replace(/^horizon: 24$/m, 'horizon: 4'));
    if (!checked.ok) throw new Error(checked.problems[0]!.text);
    const jobs = planJobs(checked.plan);
    expect(jobs.map((j) => j.runId)).toEqual(checked.plan.meta.runs.map((r) => r.runId));
    const job = jobs.find((j) => j.arm === 'aligned' && j.replicate === 1)!;
    const rows = simulateJob(job, ['state/CN/output']);
    expect(rows.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    const config = checked.plan.configs[checked.plan.meta.runs.find((r) => r.runId === job.runId)!.config]!;
    const metrics = simulate(materializeWorld(config.recipe), {
      steps: config.steps,
      seed: job.seed,
      record: config.record,
    }).metrics;
    const expected: number[] = [];
    for (let i = 0; i < metrics.length; i++)
      if (metrics.entityAt(i) === 'CN' && metrics.variableAt(i) === 'output' && metrics.entityKindAt(i) === 'state')
        expected.push(metrics.valueAt(i));
    expect(rows.map((r) => r.value)).toEqual(expected);
  });
});

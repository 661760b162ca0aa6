import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveSeed } from '@chokepoint/core';
import { describe, expect, it } from 'vitest';
import { dateToStep, stepEndDate } from '@chokepoint/format';
import { ScenarioError, buildPlan, loadScenario, parsePath, validateScenario } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = 'test/fixtures/scenarios';

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error.lines();
    throw error;
  }
  return [];
}

describe('loading', () => {
  it('suggests a sibling file for a missing world by its name, not its shared extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chokepoint-load-'));
    writeFileSync(join(dir, 'base.yaml'), 'title: a scenario\n');
    writeFileSync(join(dir, 'toy-chips.yaml'), 'states: []\n');
    const message = (ref: string): string => {
      writeFileSync(join(dir, 'study.yaml'), `title: x\nworld: { ref: ${ref} }\nhorizon: 2\n`);
      try {
        loadScenario('study.yaml', { cwd: dir });
      } catch (error) {
        return (error as ScenarioError).lines().join('\n');
      }
      return '';
    };
    expect(message('./nope.yaml')).toBe(
      'study.yaml:2:15: world.ref: expected an existing world file, received "./nope.yaml" (no such file)',
    );
    expect(message('./toy-chip.yaml')).toContain('(no such file) (did you mean "toy-chips.yaml"?)');
    expect(message('./toy-chips.yml')).toContain('(no such file) (did you mean "toy-chips.yaml"?)');
  });

  it('merges extends (the child wins, lists are replaced) and inlines the world', () => {
    const scenario = loadScenario(`${fixtures}/child.yaml`, { cwd: root });
    expect(scenario.name).toBe('child');
    expect(scenario.doc.title).toBe('Child scenario');
    expect(scenario.doc.horizon).toBe(4);
    expect(scenario.doc.replicates).toBe(2);
    expect(scenario.doc.parameters).toEqual({ hawk: 0.75, damage: '=hawk * 0.4' });
    expect((scenario.doc.world as { firms: unknown[] }).firms).toHaveLength(12);
    expect(scenario.files.map((f) => f.path)).toEqual([
      `${fixtures}/child.yaml`,
      `${fixtures}/base.yaml`,
      'scenarios/worlds/toy-chips.yaml',
    ]);
  });

  it('takes params and policy beside a world reference, merged over the world file key by key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chokepoint-ref-'));
    const write = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return name;
    };
    // As --set policy.forgiveness=1 does: the same world, so the same recipe.
    write('bundled.yaml', 'title: x\nworld: { ref: world-2023, policy: { forgiveness: 1 } }\nhorizon: 2\n');
    write('plain.yaml', 'title: x\nworld: { ref: world-2023 }\nhorizon: 2\n');
    const recipe = (file: string, set: string[] = []): string =>
      buildPlan(loadScenario(file, { cwd: dir, set })).configs[0]!.recipeHash;
    expect(recipe('bundled.yaml')).toBe(recipe('plain.yaml', ['policy.forgiveness=1']));
    expect(recipe('bundled.yaml')).not.toBe(recipe('plain.yaml'));

    // A world file's own parameters are kept unless named beside the reference.
    write(
      'world.yaml',
      `${readFileSync(join(root, 'scenarios/worlds/toy-chips.yaml'), 'utf8')}\npolicy: { forgiveness: 0.2, threatThreshold: 0.5 }\nparams: { substitutionRate: 0.1 }\n`,
    );
    write(
      'local.yaml',
      'title: x\nworld:\n  ref: ./world.yaml\n  policy: { forgiveness: 1 }\n  params: { spareCapacity: 0.2 }\nhorizon: 2\n',
    );
    const world = loadScenario('local.yaml', { cwd: dir }).doc.world as {
      policy: object;
      params: object;
      firms: unknown[];
    };
    expect(world.policy).toEqual({ forgiveness: 1, threatThreshold: 0.5 });
    expect(world.params).toEqual({ substitutionRate: 0.1, spareCapacity: 0.2 });
    expect(world.firms.length).toBeGreaterThan(0);

    // Unknown keys and out-of-range values are located in the scenario file.
    write(
      'bad.yaml',
      'title: x\nworld:\n  ref: world-2023\n  policy: { forgivness: 1, threatThreshold: 2 }\n  firms: []\nhorizon: 2\n',
    );
    expect(problems(() => loadScenario('bad.yaml', { cwd: dir }))).toEqual([
      'bad.yaml:4:13: world.policy.forgivness: expected a known field, received unknown field "forgivness" (did you mean "forgiveness"?)',
      'bad.yaml:4:45: world.policy.threatThreshold: expected a number >= 0 and <= 1, received 2',
      'bad.yaml:5:3: world.firms: expected one of ref, params, policy, received unknown field "firms"',
    ]);
    // An arm's world still merges over the referenced world as before.
    write(
      'arm.yaml',
      'title: x\nworld: { ref: world-2023, policy: { forgiveness: 1 } }\nhorizon: 2\narms:\n  a: { world: { policy: { threatThreshold: 1 } } }\n',
    );
    const plan = buildPlan(loadScenario('arm.yaml', { cwd: dir }));
    expect((plan.configs[0]!.recipe as { spec: { policy: object } }).spec.policy).toEqual({
      forgiveness: 1,
      threatThreshold: 1,
    });
  });

  it('locates an error in the file it came from, even through extends', () => {
    expect(problems(() => loadScenario(`${fixtures}/bad-child.yaml`, { cwd: root }))).toEqual([
      `${fixtures}/bad-base.yaml:4:13: replicates: expected an integer >= 1, received 0`,
    ]);
  });

  it('applies --set values (YAML), parameter shorthands and id selectors', () => {
    const scenario = loadScenario(`${fixtures}/child.yaml`, {
      cwd: root,
      set: ['hawk=0.9', 'params.substitutionRate=0.5', 'world.firms[SMIC].capability=0.8', 'horizon=3'],
    });
    const world = scenario.doc.world as {
      params: Record<string, number>;
      firms: Array<{ id: string; capability?: number }>;
    };
    expect((scenario.doc.parameters as Record<string, number>).hawk).toBe(0.9);
    expect(world.params.substitutionRate).toBe(0.5);
    expect(world.firms.find((f) => f.id === 'SMIC')!.capability).toBe(0.8);
    expect(scenario.doc.horizon).toBe(3);
    expect(
      problems(() => loadScenario(`${fixtures}/child.yaml`, { cwd: root, set: ['params.substitutionRate=2'] })),
    ).toEqual(['(--set):1:25: world.params.substitutionRate: expected a number >= 0 and <= 1, received 2']);
    expect(problems(() => loadScenario(`${fixtures}/child.yaml`, { cwd: root, set: ['horizn=3'] }))).toEqual([
      '(--set):1:8: horizn: expected a path starting with a declared parameter, params., policy. or one of parameters, world, doctrines, timeline, horizon, step, start, replicates, seed, received "horizn" (did you mean "horizon"?)',
    ]);
  });

  it('parses paths', () => {
    expect(parsePath('world.firms[TSMC].damage')).toEqual(['world', 'firms', { id: 'TSMC' }, 'damage']);
    expect(parsePath('timeline[0].measure.licence')).toEqual(['timeline', 0, 'measure', 'licence']);
    expect(parsePath('world.firms["a.b"].damage')).toEqual(['world', 'firms', { id: 'a.b' }, 'damage']);
    expect(() => parsePath('a..b')).toThrow('a path like');
  });
});

describe('planning', () => {
  it('expands arms × points × replicates with seeds keyed by (base, arm, point, replicate)', () => {
    const { plan } = validateScenario(`${fixtures}/sweep.yaml`, { cwd: root });
    const { meta } = plan;
    expect(meta.arms).toEqual(['control', 'controls']);
    expect(meta.points).toEqual([{ licence: 0 }, { licence: 0.5 }, { licence: 1 }]);
    // The control ignores the swept licence: it runs at point 0 only (3 + 3 × 3 runs).
    expect(meta.runs).toHaveLength(12);
    expect(meta.runs[4]).toEqual({
      runId: 'controls/0/1',
      arm: 'controls',
      point: 0,
      replicate: 1,
      seed: deriveSeed('11', 'controls', 0, 1),
      config: 3,
    });
    expect(meta.columns).toEqual(['licence']);
    // The swept parameter reaches the measure through "=licence".
    const measures = plan.configs
      .filter((c) => c.arm === 'controls')
      .map((c) => (c.recipe.kind === 'inline' ? c.recipe.spec.measures![0]!.licence : undefined));
    expect(measures).toEqual([0, 0.5, 1]);
    // The dated measure starts in the step that holds its date (2024-07-01: step 2 of quarters from 2024-01-01).
    const config = plan.configs[3]!;
    expect(config.recipe.kind === 'inline' && config.recipe.spec.measures![0]!.start).toBe(2);
    expect(config.calendar).toEqual({ start: '2024-01-01', step: 'quarter' });
  });

  it('derives the base seed from the scenario when it has none, and from --seed otherwise', () => {
    const hashed = validateScenario(`${fixtures}/base.yaml`, { cwd: root }).plan.meta.seed;
    expect(hashed).toMatch(/^[0-9a-f]{16}$/);
    expect(validateScenario(`${fixtures}/base.yaml`, { cwd: root }).plan.meta.seed).toBe(hashed);
    expect(validateScenario(`${fixtures}/base.yaml`, { cwd: root, set: ['horizon=5'] }).plan.meta.seed).not.toBe(
      hashed,
    );
    expect(validateScenario(`${fixtures}/base.yaml`, { cwd: root, seed: 'x' }).plan.meta.runs[0]!.seed).toBe(
      deriveSeed('x', 'base', 0, 0),
    );
  });

  it('evaluates parameters per arm: expressions, doctrines and set paths', () => {
    const { plan } = validateScenario(`${fixtures}/child.yaml`, { cwd: root });
    const [control, shock] = plan.configs;
    expect(control!.parameters.hawk).toBe(0.75);
    expect(control!.parameters.damage).toBeCloseTo(0.3, 12);
    const spec = shock!.recipe.kind === 'inline' ? shock!.recipe.spec : undefined;
    expect(spec!.firms.find((f) => f.id === 'TSMC')!.damage).toBeCloseTo(0.3, 12);
    expect(spec!.states.find((s) => s.id === 'US')).toMatchObject({ id: 'US', rival: 'CN', hawkishness: 0.75 });
  });

  it('refuses oversized worlds with a configurable limit', () => {
    const lines = problems(() =>
      buildPlan(loadScenario(`${fixtures}/base.yaml`, { cwd: root }), { limits: { maxFirms: 10 } }),
    );
    expect(lines).toEqual([
      'scenarios/worlds/toy-chips.yaml:33:1: firms: expected a world of at most 10 firms (raise the limit with --max-firms), received 12 firms',
    ]);
  });
});

describe('calendar', () => {
  it('dates the end of each step and finds the step of a date', () => {
    expect(stepEndDate('2024-01-01', 'quarter', 1)).toBe('2024-03-31');
    expect(stepEndDate('2024-01-31', 'month', 1)).toBe('2024-02-28');
    expect(stepEndDate('2024-01-01', 'month', 2)).toBe('2024-02-29');
    expect(stepEndDate('2024-01-01', 'week', 2)).toBe('2024-01-14');
    expect(stepEndDate('2024-01-01', 'day', 1)).toBe('2024-01-01');
    expect(stepEndDate('2024-01-01', { days: 10 }, 3)).toBe('2024-01-30');
    expect(dateToStep('2018-01-01', 'quarter', '2018-04-15')).toBe(1);
    expect(dateToStep('2018-01-01', 'quarter', '2018-03-31')).toBe(0);
    expect(dateToStep('2018-01-01', 'week', '2018-04-15')).toBe(14);
    expect(dateToStep('2018-01-01', 'year', '2017-12-31')).toBe(-1);
  });
});

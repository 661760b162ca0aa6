import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMetricsCsv } from '../src/index.js';
import { readRunDirectory } from '../src/node/index.js';
import { makeFixtureRun, removeFixtureRuns } from './fixtures/makeFixtureRun.js';

afterAll(removeFixtureRuns);

describe('parseMetricsCsv', () => {
  it('reads the columns of docs/outputs.md and swept parameters as numbers', () => {
    const text = [
      'run_id,scenario,arm,point,replicate,seed,step,date,entity_kind,entity,variable,value,params.rate,params.mode',
      'control/0/0,q,control,0,0,123,1,2025-03-31,state,US,output,1.5,0.2,fast',
      'control/0/0,q,control,0,0,123,1,2025-03-31,flow,"US>CN:chip",trade_value,2,0.2,fast',
      'control/1/0,q,control,1,0,124,1,,world,world,output,NaN,0.4,slow',
      '',
    ].join('\n');
    const { rows, parameterNames } = parseMetricsCsv(text);
    expect(parameterNames).toEqual(['params.rate', 'params.mode']);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      runId: 'control/0/0',
      arm: 'control',
      point: 0,
      replicate: 0,
      seed: '123',
      step: 1,
      entityKind: 'state',
      entity: 'US',
      variable: 'output',
      value: 1.5,
    });
    expect(rows[0]!.parameters).toEqual({ 'params.rate': 0.2, 'params.mode': 'fast' });
    expect(rows[1]!.parameters).toBe(rows[0]!.parameters);
    expect(rows[1]!.entity).toBe('US>CN:chip');
    expect(rows[2]!.date).toBe('');
    expect(rows[2]!.value).toBeNaN();
  });
  it('filters rows while parsing', () => {
    const { dir } = makeFixtureRun({ replicates: 2, steps: 3 });
    const all = parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8'));
    const flows = parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8'), (r) => r.entityKind === 'flow');
    expect(flows.rows.length).toBeGreaterThan(0);
    expect(flows.rows.length).toBeLessThan(all.rows.length);
    expect(flows.rows.every((r) => r.entityKind === 'flow')).toBe(true);
  });
  it('names a missing column', () => {
    expect(() => parseMetricsCsv('run_id,arm\nx,y\n')).toThrow(/missing column "scenario"/);
  });
  it('streams the same rows in Node as the text parser', async () => {
    const { dir } = makeFixtureRun({ replicates: 2, steps: 3, sweep: { 'params.a': [1, 2], 'params.b': [0.5, 1] } });
    const fromText = parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8'));
    const run = await readRunDirectory(dir);
    expect(run.rows).toEqual(fromText.rows);
    expect(run.parameterNames).toEqual(['params.a', 'params.b']);
    expect(run.summary?.control).toBe('control');
    expect(run.manifest?.tool).toBe('chokepoint');
    expect(run.scenario?.title).toMatch(/^Fixture/);
  });
});

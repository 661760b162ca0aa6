import { ENTITY_KINDS, MetricsTable, type EntityKind } from '@chokepoint/core';
import { csvFormatRows } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPart } from '@chokepoint/format';
import type { RunTask } from '@chokepoint/runner/internal';

/** A task for formatPart: only the fields it reads matter. */
function taskFor(steps: number, columnValues: string[], variables?: string[]): RunTask {
  return {
    index: 3,
    run: { runId: 'base/0/1', arm: 'base', point: 0, replicate: 1, seed: 'x,"y"', config: 0 },
    scenario: 'test, "quoted"',
    steps,
    calendar: { start: '2023-01-01', step: 'quarter' },
    record: {},
    keyMetrics: [],
    columnValues,
    recipe: { base: 'none' } as unknown as RunTask['recipe'],
    recipeHash: 'h',
    partPath: '/dev/null',
    plugins: [],
    ...(variables !== undefined ? { variables } : {}),
  };
}

const names = ['US', 'CN', 'a,b', 'say "hi"', 'é'];
const variablePool = ['output', 'demand', 'share,x'];
const valuePool = [0, -0, 1, 0.1, 1 / 3, 7.594150000000001, -2.5e-7, 1e21, NaN, Infinity, -Infinity];

describe('formatPart', () => {
  it('writes each row as the CSV of its fields, whatever repeats between steps (property)', () => {
    // Rows per step follow a random pattern, usually the same from step to step (as the
    // recorder emits them), sometimes not, and values repeat often: the row cache must never
    // show a stale value or name.
    const row = fc.record({
      kind: fc.constantFrom(...ENTITY_KINDS),
      entity: fc.constantFrom(...names),
      variable: fc.constantFrom(...variablePool),
    });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 6 }),
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.array(fc.integer({ min: 0, max: valuePool.length - 1 }), { minLength: 6, maxLength: 6 }),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        fc.array(fc.constantFrom('0.5', 'a,b', 'q"q'), { maxLength: 2 }),
        fc.option(fc.subarray(variablePool), { nil: undefined }),
        (pattern, stepRows, columnValues, variables) => {
          const table = new MetricsTable();
          const expected: string[][] = [];
          const kept: number[] = [];
          stepRows.forEach(([shuffled, valueIndices], s) => {
            const step = s + 1;
            const rows = shuffled ? [...pattern].reverse() : pattern;
            rows.forEach((r, i) => {
              const value = valuePool[valueIndices[i]!]!;
              table.push(step, r.kind as EntityKind, r.entity, r.variable, value);
              if (variables !== undefined && !variables.includes(r.variable)) return;
              const date = ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31', '2024-03-31'][s]!;
              expected.push([
                'base/0/1',
                'test, "quoted"',
                'base',
                '0',
                '1',
                'x,"y"',
                String(step),
                date,
                r.kind,
                r.entity,
                r.variable,
                String(value),
                ...columnValues,
              ]);
              kept.push(value === 0 ? 0 : value);
            });
          });
          const part = formatPart(taskFor(stepRows.length, columnValues, variables), table);
          const csv = expected.length === 0 ? '' : `${csvFormatRows(expected)}\n`;
          expect(new TextDecoder().decode(part.body)).toBe(csv);
          expect(part.header.rows).toBe(expected.length);
          expect(Array.from(part.columns.values)).toEqual(kept);
          expect(part.columns.values.some((v) => Object.is(v, -0))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

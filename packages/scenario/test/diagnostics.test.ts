/**
 * How problems are printed: control characters escaped, each line once, at most
 * MAX_PROBLEM_LINES and a count of the rest.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError, type Diagnostic } from '@chokepoint/scenario';

const at = (line: number, received = 'x'): Diagnostic => ({
  file: 'a.yaml',
  line,
  col: 1,
  path: 'horizon',
  expected: 'an integer >= 1',
  received,
});

describe('ScenarioError.lines', () => {
  it('prints a problem found twice once', () => {
    expect(new ScenarioError([at(3), at(3), at(4)]).lines()).toEqual([
      'a.yaml:3:1: horizon: expected an integer >= 1, received x',
      'a.yaml:4:1: horizon: expected an integer >= 1, received x',
    ]);
    expect(new ScenarioError([], 'runs/x: one\nruns/x: one\nruns/y: two').lines()).toEqual([
      'runs/x: one',
      'runs/y: two',
    ]);
  });

  it('prints at most 20 problems, then how many more there are', () => {
    const many = Array.from({ length: 303 }, (_, i) => at(i + 1));
    const lines = new ScenarioError(many).lines();
    expect(lines).toHaveLength(21);
    expect(lines[19]).toBe('a.yaml:20:1: horizon: expected an integer >= 1, received x');
    expect(lines[20]).toBe('a.yaml: and 283 more problems not shown (fix the ones above and check again)');
    expect(new ScenarioError(many.slice(0, 20)).lines()).toHaveLength(20);
  });

  it('escapes control characters, which a terminal would obey', () => {
    const line = new ScenarioError([at(1, '"\u001b[2J\u0007\u202e\u0085"')]).lines()[0]!;
    expect(line).toBe('a.yaml:1:1: horizon: expected an integer >= 1, received "\\u001b[2J\\u0007\\u202e\\u0085"');
    expect(new ScenarioError([], 'runs/\u001b[31mred: no such folder').lines()).toEqual([
      'runs/\\u001b[31mred: no such folder',
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateParameters, ExpressionError } from '@chokepoint/scenario';

const known = new Set(['hawk', 'base', 'n']);
const scope = { hawk: 0.5, base: 2, n: 3 };

describe('expression allow-list', () => {
  it.each([
    ['=1 + 2 * 3', 7],
    ['=hawk * 0.4', 0.2],
    ['=-hawk + +base', 1.5],
    ['=(hawk + base) / 5', 0.5],
    ['=base ^ n', 8],
    ['=n % 2', 1],
    ['=hawk > 0.3 ? base : n', 2],
    ['=hawk <= 0.5 and base != n', true],
    ['=not (hawk == 0.5) or false', false],
    ['=min(hawk, base, n) + max(1, 2)', 2.5],
    ['=abs(-2) + sqrt(16) + round(2.6) + floor(2.6) + ceil(2.1)', 14],
    ['=exp(0) + log(1) + log10(100) + sign(-3) + pow(2, 3)', 10],
    ['=pi > 3 and e < 3', true],
    ['=0 < hawk < 1', true],
    ['=round(2.567, 2) + log(8, 2)', 5.57],
  ])('accepts %s', (text, value) => {
    expect(compileExpression(text, known).evaluate(scope)).toBe(value);
  });

  it.each([
    ['=x = 3', 'an expression without assignment'],
    ['=f(x) = x', 'an expression without assignment'],
    ['=hawk.constructor', 'an expression without member or index access'],
    ['=hawk["constructor"]', 'an expression without member or index access'],
    ['=import({}, {override: true})', 'an allowed function'],
    ['=evaluate("1 + 1")', 'an allowed function'],
    ['=parse("1")', 'an allowed function'],
    ['=createUnit("foo")', 'an allowed function'],
    ['=hawks * 2', 'a declared parameter (did you mean "hawk"?)'],
    ['=2 cm', 'an explicit operator between terms'],
    ['=2hawk', 'an explicit operator between terms'],
    ['=0.05 pi', 'an explicit operator between terms'],
    ['=(1)(2)', 'an explicit operator between terms'],
    // Names inherited by every JavaScript object are not constants.
    ['=constructor', 'a declared parameter'],
    ['=__proto__', 'a declared parameter'],
    ['=toString', 'a declared parameter'],
    ['=hasOwnProperty', 'a declared parameter'],
    ['=max()', 'max(…) with at least 1 argument'],
    ['=pow(2)', 'pow(…) with 2 arguments'],
    ['=sqrt(1, 2)', 'sqrt(…) with 1 argument'],
    ['=round(1, 2, 3)', 'round(…) with 1 or 2 arguments'],
    ['=', 'an expression after "="'],
    ['=  ', 'an expression after "="'],
    ['="text"', 'numbers, parameters and operators only'],
    ['=[1, 2]', 'numbers, parameters, operators and allowed functions only'],
    ['={a: 1}', 'numbers, parameters, operators and allowed functions only'],
    ['=1:3', 'numbers, parameters, operators and allowed functions only'],
    ['=hawk; base', 'numbers, parameters, operators and allowed functions only'],
    ['=hawk!', 'arithmetic, comparison and logical operators only'],
    ["=base'", 'arithmetic, comparison and logical operators only'],
    ['=(hawk', 'a valid expression'],
  ])('rejects %s before evaluating it', (text, expected) => {
    let error: unknown;
    try {
      compileExpression(text, known);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).expected).toContain(expected);
  });

  it('refuses an expression too large to check, in a message of one short line', () => {
    const huge = `=${Array.from({ length: 200_000 }, () => '1').join('+')}`;
    let error: unknown;
    try {
      compileExpression(huge, known);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).received.length).toBeLessThan(200);
  });

  it('rejects values that are not finite real numbers', () => {
    expect(() => compileExpression('=sqrt(-1)', known).evaluate(scope)).toThrow(
      'expected a finite real number, received NaN',
    );
    expect(() => compileExpression('=1 / (n - 3)', known).evaluate(scope)).toThrow('received Infinity');
  });

  it('evaluates like JavaScript arithmetic (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        (a, b, c) => {
          const value = compileExpression('=(a + b) * c - a / c', new Set(['a', 'b', 'c'])).evaluate({ a, b, c });
          expect(value).toBeCloseTo((a + b) * c - a / c, 6);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('evaluateParameters', () => {
  it('evaluates in dependency order, whatever the declaration order', () => {
    expect(evaluateParameters({ total: '=damage + hawk', damage: '=hawk * 0.4', hawk: 0.5, flag: true })).toEqual({
      values: { total: 0.7, damage: 0.2, hawk: 0.5, flag: true },
    });
  });

  it('detects cycles and names them', () => {
    expect(evaluateParameters({ a: '=b + 1', b: '=c', c: '=a * 2' }).problem).toEqual({
      name: 'a',
      expected: 'parameters without a cycle',
      received: 'a cycle a -> b -> c -> a',
    });
    expect(evaluateParameters({ self: '=self + 1' }).problem?.received).toBe('a cycle self -> self');
  });

  it('reports unknown names with the parameter they occur in', () => {
    expect(evaluateParameters({ a: 1, b: '=aa * 2' }).problem).toEqual({
      name: 'b',
      expected: 'a declared parameter (did you mean "a"?)',
      received: 'unknown name "aa" in "=aa * 2"',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { exp, expEach, expOfOne, ln, lnEach, lnOfOne } from '../src/math.js';
import { Rng } from '../src/index.js';

/** The bits of a double, so that −0 and 0, and two NaNs, compare as the engine stores them. */
function bits(x: number): bigint {
  return new BigUint64Array(Float64Array.of(x).buffer)[0]!;
}

/** Arguments: random over many magnitudes, random bit patterns, and the edge cases of both functions. */
function arguments_(count: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const special = [
    0,
    -0,
    1,
    -1,
    2,
    0.5,
    Math.E,
    Number.MIN_VALUE,
    2.2250738585072014e-308,
    2.225073858507201e-308,
    Number.MAX_VALUE,
    Infinity,
    -Infinity,
    NaN,
    709.782712893383973096,
    709.79,
    -745.13321910194110842,
    -745.14,
    1 / (1 << 28),
    -1 / (1 << 28),
    3.7252902984e-9,
    1 + 2 ** -20,
    1 - 2 ** -21,
    1 + 2 ** -52,
    1 - 2 ** -53,
  ];
  const x = new Float64Array(count);
  const words = new Uint32Array(x.buffer);
  x.set(special);
  for (let i = special.length; i < count; i++) {
    const kind = i % 4;
    if (kind === 0)
      x[i] = (rng.next() * 2 - 1) * 10 ** (rng.next() * 8 - 4); // everyday magnitudes, both signs
    else if (kind === 1)
      x[i] = 1 + (rng.next() - 0.5) * 2 ** -(rng.next() * 30); // near 1 (ln's small-f branch)
    else if (kind === 2)
      x[i] = (rng.next() - 0.5) * 1500; // exp's whole range and beyond
    else {
      words[2 * i] = rng.int(2 ** 32); // any bit pattern
      words[2 * i + 1] = rng.int(2 ** 32);
    }
  }
  return x;
}

describe('lnEach, expEach, lnOfOne and expOfOne', () => {
  it('give the same bits as ln and exp, argument by argument', () => {
    for (const seed of [1, 2, 3]) {
      const x = arguments_(400_000, seed);
      const logs = new Float64Array(x.length);
      const exps = new Float64Array(x.length);
      lnEach(x, logs, x.length);
      expEach(x, exps, x.length);
      for (let i = 0; i < x.length; i++) {
        if (bits(logs[i]!) !== bits(ln(x[i]!))) expect.fail(`ln(${x[i]}): ${logs[i]} against ${ln(x[i]!)}`);
        if (bits(exps[i]!) !== bits(exp(x[i]!))) expect.fail(`exp(${x[i]}): ${exps[i]} against ${exp(x[i]!)}`);
      }
    }
  });

  it('give the same bits one value at a time (lnOfOne, expOfOne)', () => {
    const x = arguments_(20_000, 4);
    for (let i = 0; i < x.length; i++) {
      if (bits(lnOfOne(x[i]!)) !== bits(ln(x[i]!))) expect.fail(`lnOfOne(${x[i]})`);
      if (bits(expOfOne(x[i]!)) !== bits(exp(x[i]!))) expect.fail(`expOfOne(${x[i]})`);
    }
  });

  it('work in place and only on the first n values', () => {
    const x = Float64Array.of(1, 2, 3, 4);
    lnEach(x, x, 2);
    expect([...x]).toEqual([0, ln(2), 3, 4]);
    expEach(x, x, 1);
    expect([...x]).toEqual([1, ln(2), 3, 4]);
  });
});

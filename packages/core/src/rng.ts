import { exp } from './math.js';
import seedrandom from 'seedrandom';

/**
 * Builds a stable seed string from the parts of a key, such as
 * (scenario hash, arm, sweep point, replicate).
 *
 * Parts are joined with `/` after escaping, so `deriveSeed('a/b', 'c')` and
 * `deriveSeed('a', 'b/c')` differ. The seed depends only on the key, never on
 * run order or worker id, so adding a sweep value never shifts another run's seed.
 *
 * @example
 * ```ts
 * console.log(deriveSeed('quickstart', 'control', 0, 3)); // quickstart/control/0/3
 * console.log(deriveSeed('a/b', 'c') === deriveSeed('a', 'b/c')); // false
 * ```
 */
export function deriveSeed(...parts: ReadonlyArray<string | number>): string {
  return parts.map((p) => String(p).replace(/\\/g, '\\\\').replace(/\//g, '\\/')).join('/');
}

/**
 * A seeded pseudo-random number generator with named, independent streams.
 *
 * It wraps seedrandom's Alea generator. `stream(name)` returns a child
 * generator seeded from `deriveSeed(seed, name)`, so the draws of one
 * mechanism (say rationing) never perturb another's (say licence grants).
 * Repeated calls with the same name return the same child object.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * const licence = rng.stream('licence');
 * const draw = licence.next(); // a number in [0, 1), the same on every machine
 * console.log(draw === new Rng(42).stream('licence').next(), draw >= 0 && draw < 1); // true true
 * ```
 */
export class Rng {
  /** The seed this generator was created from. */
  readonly seed: string;
  private readonly prng: seedrandom.PRNG;
  private readonly children = new Map<string, Rng>();

  /** Creates a generator from a seed; numbers and strings are both accepted. */
  constructor(seed: string | number) {
    this.seed = String(seed);
    this.prng = seedrandom.alea(this.seed);
  }

  /** The named child stream, created on first use and memoized. */
  stream(name: string): Rng {
    let child = this.children.get(name);
    if (child === undefined) {
      child = new Rng(deriveSeed(this.seed, name));
      this.children.set(name, child);
    }
    return child;
  }

  /** A uniform draw in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /**
   * Shuffles `values[start..end)` in place (Fisher–Yates), using this stream.
   */
  shuffle(values: Int32Array | number[], start = 0, end = values.length): void {
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(this.prng() * (i - start + 1));
      const tmp = values[i]!;
      values[i] = values[j]!;
      values[j] = tmp;
    }
  }

  /** A Poisson draw with mean `lambda` (Knuth's method; meant for small means). */
  poisson(lambda: number): number {
    const limit = exp(-lambda);
    let k = 0;
    let p = this.prng();
    while (p > limit) {
      k++;
      p *= this.prng();
    }
    return k;
  }
}

import stdlibExp from '@stdlib/math-base-special-exp';
import stdlibLn from '@stdlib/math-base-special-ln';
import stdlibPow from '@stdlib/math-base-special-pow';

/*
 * Elementary functions that give the same bits on every JavaScript engine. The ECMAScript
 * specification leaves Math.exp, Math.log and Math.pow implementation-approximated: Node 20 and
 * Chromium 156 disagree in the last bit on about one argument in ten (measured), which would
 * break "the same spec and seed give the same result on any machine" (Node vs a browser
 * worker). The stdlib ports of FreeBSD's msun use only IEEE 754 arithmetic, which is exact, so
 * they agree everywhere. The engine uses these, never Math.exp, Math.log or Math.pow.
 */

/**
 * e^x, the same to the last bit on every JavaScript engine (stdlib's port of msun).
 *
 * @example
 * ```ts
 * console.log(exp(0), exp(1).toFixed(6)); // 1 2.718282
 * ```
 */
export const exp: (x: number) => number = stdlibExp;

/**
 * The natural logarithm, the same to the last bit on every JavaScript engine.
 *
 * @example
 * ```ts
 * console.log(ln(1), ln(exp(2))); // 0 2
 * ```
 */
export const ln: (x: number) => number = stdlibLn;

/**
 * x^y, the same to the last bit on every JavaScript engine.
 *
 * @example
 * ```ts
 * console.log(pow(2, 10), pow(1.25, -2.5).toFixed(4)); // 1024 0.5724
 * ```
 */
export const pow: (x: number, y: number) => number = stdlibPow;

/*
 * Batched ln and exp for the hot loops (prices and order weights: about 300,000 calls a step at
 * policy/1e6). A call to stdlib's ln or exp is not inlined (they are too large), so each passes
 * and returns a boxed double; a loop over an array avoids both. The common case below repeats
 * stdlib's arithmetic operation for operation (its port of FreeBSD msun's e_log.c and e_exp.c,
 * Sun Microsystems, freely distributable; stdlib is Apache-2.0), so it gives the same bits: JS
 * arithmetic is IEEE 754 with no fused operations. Every other argument (0, negative, subnormal,
 * infinite, NaN, |x| < 2⁻²⁸ for exp, results near overflow) goes to stdlib itself. The test
 * (test/math.test.ts) compares both on millions of arguments, bit for bit.
 */

/** Scratch for the bits of a double (the high word is index 1 on a little-endian machine). */
const WORD_FLOAT = new Float64Array(1);
const WORD_UINT = new Uint32Array(WORD_FLOAT.buffer);
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2_E = 1.442695040888963387;
const EXP_OVERFLOW = 7.09782712893383973096e2;
const EXP_UNDERFLOW = -7.4513321910194110842e2;
const EXP_NEAR_ZERO = 1 / (1 << 28);

/** 2^k for k in [−POW2_RANGE, POW2_RANGE], built by exact doublings and halvings. */
const POW2_RANGE = 1000;
const POW2 = new Float64Array(2 * POW2_RANGE + 1);
POW2[POW2_RANGE] = 1;
for (let k = 1; k <= POW2_RANGE; k++) {
  POW2[POW2_RANGE + k] = POW2[POW2_RANGE + k - 1]! * 2;
  POW2[POW2_RANGE - k] = POW2[POW2_RANGE - k + 1]! / 2;
}

/** High words of the doubles lnEach handles itself: exponents within ±(POW2_RANGE − 1), so 2^−k is in the table. */
const LN_MIN_HIGH = (1023 - (POW2_RANGE - 1)) << 20;
const LN_MAX_HIGH = (1023 + POW2_RANGE - 1) << 20;

/**
 * The natural logarithm of each of the first `n` values of `x`, into `out` (which may be `x`):
 * each the same bits as {@link ln}, without a function call per value.
 *
 * @example
 * ```ts
 * const x = Float64Array.of(1, Math.E, 10);
 * lnEach(x, x, 3);
 * console.log(x[0], x[2] === ln(10)); // 0 true
 * ```
 */
export function lnEach(x: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    WORD_FLOAT[0] = v;
    let hx = WORD_UINT[HIGH]!;
    // Positive normal numbers of moderate exponent only (this also rules out negatives, whose sign bit is set).
    if (!(v > 0) || hx < LN_MIN_HIGH || hx >= LN_MAX_HIGH) {
      out[i] = stdlibLn(v);
      continue;
    }
    let k = (hx >> 20) - 1023;
    hx &= 0x000fffff;
    let j = (hx + 0x95f64) & 0x100000;
    k += j >> 20;
    // Normalize x or x/2 into [√2/2, √2): stdlib sets the exponent bits; scaling by 2^−k is the
    // same number (exact for a normal x) without writing a word and reading the double back.
    const f = v * POW2[POW2_RANGE - k]! - 1.0;
    if ((0x000fffff & (2 + hx)) < 3) {
      // −2⁻²⁰ ≤ f < 2⁻²⁰
      if (f === 0.0) {
        out[i] = k === 0 ? 0.0 : k * LN2_HI + k * LN2_LO;
        continue;
      }
      const r = f * f * (0.5 - 0.33333333333333333 * f);
      out[i] = k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
      continue;
    }
    const s = f / (2.0 + f);
    const z = s * s;
    let m = hx - 0x6147a;
    const w = z * z;
    j = 0x6b851 - hx;
    const t1 =
      w * (w === 0.0 ? 0.3999999999940942 : 0.3999999999940942 + w * (0.22222198432149784 + w * 0.15313837699209373));
    const t2 =
      z *
      (w === 0.0
        ? 0.6666666666666735
        : 0.6666666666666735 + w * (0.2857142874366239 + w * (0.1818357216161805 + w * 0.14798198605116586)));
    m |= j;
    const r = t2 + t1;
    if (m > 0) {
      const hfsq = 0.5 * f * f;
      out[i] = k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
    } else {
      out[i] = k === 0 ? f - s * (f - r) : k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
    }
  }
}

/**
 * e to the power of each of the first `n` values of `x`, into `out` (which may be `x`): each
 * the same bits as {@link exp}, without a function call per value.
 *
 * @example
 * ```ts
 * const x = Float64Array.of(0, 1, -2.5);
 * expEach(x, x, 3);
 * console.log(x[0], x[1] === exp(1), x[2] === exp(-2.5)); // 1 true true
 * ```
 */
export function expEach(x: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    // NaN fails every comparison, so it takes the first branch, as ±∞ and tiny |x| do.
    if (!(v >= EXP_UNDERFLOW && v <= EXP_OVERFLOW) || (v > -EXP_NEAR_ZERO && v < EXP_NEAR_ZERO)) {
      out[i] = stdlibExp(v);
      continue;
    }
    // Reduce: x = k·ln 2 + r, r = hi − lo.
    const k = v < 0.0 ? Math.ceil(LOG2_E * v - 0.5) : Math.floor(LOG2_E * v + 0.5); // stdlib's trunc(LOG2_E·x ∓ 0.5)
    const hi = v - k * LN2_HI;
    const lo = k * LN2_LO;
    const r = hi - lo;
    const t = r * r;
    const c =
      r -
      t *
        (t === 0.0
          ? 0.16666666666666602
          : 0.16666666666666602 +
            t *
              (-0.0027777777777015593 +
                t * (0.00006613756321437934 + t * (-0.0000016533902205465252 + t * 4.1381367970572385e-8))));
    const y = 1.0 - (lo - (r * c) / (2.0 - c) - hi);
    // y·2^k is exact while the result is a normal number, as stdlib's ldexp's is.
    out[i] = k >= -POW2_RANGE && k <= POW2_RANGE ? y * POW2[POW2_RANGE + k]! : stdlibExp(v);
  }
}

/** The argument and result of {@link lnOfOne} and {@link expOfOne}. */
const ONE = new Float64Array(1);

/**
 * ln x, the same bits as {@link ln}, for a loop that takes one logarithm at a time: this small
 * function is inlined into its caller, and {@link lnEach} takes arrays, so no boxed double is
 * passed or returned, as a call to `ln` boxes both (updatePrices: 8.5 → 7.9 ms CPU a step at 1e6).
 *
 * @example
 * ```ts
 * console.log(lnOfOne(10) === ln(10)); // true
 * ```
 */
export function lnOfOne(x: number): number {
  ONE[0] = x;
  lnEach(ONE, ONE, 1);
  return ONE[0]!;
}

/**
 * e^x, the same bits as {@link exp}, without boxing, as {@link lnOfOne} takes ln.
 *
 * @example
 * ```ts
 * console.log(expOfOne(-2.5) === exp(-2.5)); // true
 * ```
 */
export function expOfOne(x: number): number {
  ONE[0] = x;
  expEach(ONE, ONE, 1);
  return ONE[0]!;
}

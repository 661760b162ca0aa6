/**
 * The mathjs number build, which the expression language and the sensitivity numerics use,
 * loaded on first use: scenarios without expressions never pay for it. In Node it is
 * required synchronously (its CommonJS build loads several times faster than the ES modules);
 * where there is no `require` (a browser), {@link loadMathjs} imports it once beforehand.
 */
import { nodeBuiltin } from './files.js';

type MathJs = typeof import('mathjs');

let loaded: MathJs | undefined;

/**
 * The mathjs number build.
 *
 * @throws Error where it cannot be loaded synchronously and {@link loadMathjs} was not awaited.
 * @internal
 */
export function mathjsNumber(): MathJs {
  if (loaded === undefined) {
    const module = nodeBuiltin<{ createRequire(url: string): (id: string) => unknown }>('node:module');
    if (module === undefined)
      throw new Error('the expression language is not loaded: await loadMathjs() once before loading scenarios');
    loaded = module.createRequire(import.meta.url)('mathjs/number') as MathJs;
  }
  return loaded;
}

/**
 * Loads the expression language's engine (mathjs) where it cannot be loaded on first use: a
 * browser awaits it once, before it loads scenarios. In Node it is never needed.
 *
 * @example
 * ```ts
 * await loadMathjs();
 * console.log(compileExpression('=2 * x', new Set(['x'])).evaluate({ x: 3 })); // 6
 * ```
 */
export async function loadMathjs(): Promise<void> {
  loaded ??= (await import('mathjs/number')) as unknown as MathJs;
}

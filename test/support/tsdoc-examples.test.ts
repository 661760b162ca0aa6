import { describe, expect, it } from 'vitest';
import { compileExample, examplesIn, toExample, typeCheckExamples, type Example } from './tsdoc-examples.js';
import { runCompiledExample } from './tsdoc-examples-runner.js';

/* The machinery of the packages' tsdoc-examples tests: it must find examples, and fail them. */

const example = (code: string, line = 1): Example => toExample('x', 'src/x.ts', { code, line });
const scope = { add: (a: number, b: number) => a + b };
const noImports = (specifier: string): Promise<unknown> => Promise.reject(new Error(`no module ${specifier}`));
const run = (code: string, fixture?: string) =>
  runCompiledExample(
    compileExample(example(code), fixture === undefined ? undefined : example(fixture), Object.keys(scope)),
    scope,
    async (s) => (s === 'node:path' ? import('node:path') : noImports(s)),
  );

describe('the TSDoc example machinery', () => {
  it('finds the ```ts blocks of @example sections only, with the line each starts on', () => {
    const comment = [
      '/**',
      ' * Text.',
      ' * ```ts',
      ' * notAnExample();',
      ' * ```',
      ' *',
      ' * @example',
      ' * ```ts',
      ' * one();',
      ' * ```',
      ' * @example',
      ' * ```sh',
      ' * ls',
      ' * ```',
      ' * ```typescript',
      ' * two();',
      ' * ```',
      ' */',
    ].join('\n');
    expect(examplesIn(comment, 10)).toEqual([
      { code: 'one();', line: 18 },
      { code: 'two();', line: 25 },
    ]);
  });

  it('reads a first-line `// @noRun: reason` marker', () => {
    expect(example('// @noRun: opens a browser\nopen();').noRun).toBe('opens a browser');
    expect(example('// @noRun\nopen();').noRun).toBe('');
    expect(example('open(); // @noRun: not on the first line').noRun).toBeUndefined();
  });

  it('checks each `console.log(x); // expected` line, whitespace and quotes aside', async () => {
    const ok = await run("console.log(add(1, 2), [1, 'a']); // 3 [1, 'a']\nconsole.log('free text'); // free  text");
    expect(ok).toMatchObject({ missed: [], printed: ["3 [ 1, 'a' ]", 'free text'] });
    const wrong = await run('console.log(add(1, 2)); // 4');
    expect(wrong.missed).toEqual(['printed 3, the comment says 4']);
    expect(wrong.error).toBeUndefined();
  });

  it('runs the fixture first, and turns imports into lookups', async () => {
    const outcome = await run(
      "import { join } from 'node:path';\nconsole.log(join(base, 'b')); // a/b",
      "import { join } from 'node:path';\nconst base = join('a');",
    );
    expect(outcome).toMatchObject({ missed: [], printed: ['a/b'] });
  });

  it('reports what an example throws', async () => {
    const outcome = await run("console.log('before');\nthrow new RangeError('bad input');");
    expect(outcome.printed).toEqual(['before']);
    expect(outcome.error).toMatch(/^RangeError: bad input/);
  });

  it('type-checks with the entry in scope and locates errors in the source file', () => {
    const good = example(
      'const w: WorldSpec = { states: [], products: [], firms: [] };\nconsole.log(w.states.length);',
      40,
    );
    const bad = example("const n: number = 'one';", 50);
    const errors = typeCheckExamples(
      { name: 'core', entry: 'packages/core/src/index.ts', module: {} },
      [good, bad],
      undefined,
      ['WorldSpec'],
    );
    expect(Object.fromEntries(errors)).toEqual({
      'x (src/x.ts:50)': ["src/x.ts:50: Type 'string' is not assignable to type 'number'."],
    });
  }, 60_000);
});

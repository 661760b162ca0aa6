/**
 * The TSDoc examples run, as mathjs's do: the machinery behind each package's
 * test/tsdoc-examples.test.ts.
 *
 * Every export of a package entry point has a TSDoc comment with an `@example`. Each
 * ```ts block of one is type-checked with every export of the entry in scope (the example's
 * own `import`s aside), after the entry's fixture (the first example of its
 * `@packageDocumentation` comment) when it has one, and then run the same way. A line
 * `console.log(x); // expected` must print `expected` (whitespace aside). An example whose
 * first line is `// @noRun: reason` is type-checked but not run.
 *
 * Examples run in the test's thread, or, with {@link TsdocOptions.workdir}, in a child
 * process, each in its own temporary working directory holding the files they need and
 * what the setup examples (the `@packageDocumentation` ones) made there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  runCompiledExample,
  type CompiledExample,
  type ExampleOutcome,
  type JobOutcomes,
  type RunJob,
} from './tsdoc-examples-runner.js';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runnerFile = join(dirname(fileURLToPath(import.meta.url)), 'tsdoc-examples-runner.ts');

/** One package entry point whose examples are checked. */
export interface TsdocOptions {
  /** For titles and messages, e.g. `@chokepoint/scenario`. */
  readonly name: string;
  /** The entry point, e.g. `packages/scenario/src/index.ts` (from the repository root). */
  readonly entry: string;
  /** The entry's namespace (`import * as x from …`): the values in scope when examples run. */
  readonly module: Readonly<Record<string, unknown>>;
  /**
   * Another entry point whose exports this one re-exports and whose test covers them:
   * those exports are neither required nor collected here (they are still in scope).
   */
  readonly coveredBy?: string;
  /** The first `@packageDocumentation` example is a fixture prepended to every example, and must match this. */
  readonly fixture?: RegExp;
  /** TypeScript libraries of the type-check. Default `['lib.es2022.d.ts']`. */
  readonly lib?: readonly string[];
  /** Import specifiers examples may use for the packages' own entry points → module path (from the repository root). */
  readonly modules?: Readonly<Record<string, string>>;
  /**
   * Run examples in a child process, each in its own temporary working directory (worker
   * threads cannot `process.chdir`). Without it, examples run in the test's thread.
   */
  readonly workdir?: Workdir;
  /** At least this many exports are expected (guards against an empty walk). */
  readonly minExports?: number;
  /**
   * Other entry points (from the repository root) → their namespaces, whose exports are also in
   * scope: a package's examples may use the packages below it without importing them. The
   * entry's own exports win a clash.
   */
  readonly scope?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Every value in scope of an entry's examples: the scope entries' exports, then the entry's own. */
function scopeOf(options: TsdocOptions): Record<string, unknown> {
  return Object.assign({}, ...Object.values(options.scope ?? {}), options.module) as Record<string, unknown>;
}

/** What the working directory of examples run in a child process holds. */
export interface Workdir {
  /** Copies: target path (relative to the directory) → source (from the repository root, or absolute), file or folder. */
  readonly files?: Readonly<Record<string, string>>;
  /** Symbolic links: name (relative to the directory) → target (from the repository root, or absolute). */
  readonly links?: Readonly<Record<string, string>>;
  /**
   * Runs once, in this thread, before the examples, with a temporary folder (removed
   * afterwards) to write into; returns more files to copy, e.g. a run directory it made there.
   */
  readonly prepare?: (temp: string) => Promise<Readonly<Record<string, string>>> | Readonly<Record<string, string>>;
  /**
   * The `@packageDocumentation` examples are the setup: they run first, once, in order, in
   * the working directory, and every other example runs in a copy of what they left there.
   */
  readonly setup?: boolean;
}

/** One TSDoc example. */
export interface Example {
  /** `name`, or `name #2` when a declaration has several; `(package) …` for the package comment. */
  readonly name: string;
  /** Where it starts, for messages: `src/file.ts:line` (first code line). */
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** The reason given by a first line `// @noRun: reason`, if any. */
  readonly noRun?: string;
}

/** An export of the entry and its documentation. */
export interface CatalogueEntry {
  readonly name: string;
  readonly documented: boolean;
  readonly examples: readonly Example[];
}

/** The ```ts blocks of the `@example` sections of a raw doc comment, with the line each starts on. */
export function examplesIn(comment: string, firstLine: number): Array<{ code: string; line: number }> {
  const lines = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''));
  const out: Array<{ code: string; line: number }> = [];
  let inExample = false;
  let block: string[] | null = null;
  let start = 0;
  lines.forEach((line, i) => {
    if (block === null && /^@\w+/.test(line.trim())) inExample = line.trim().startsWith('@example');
    if (!inExample) return;
    if (block === null && /^```(ts|typescript)\s*$/.test(line.trim())) {
      block = [];
      start = firstLine + i + 1;
    } else if (block !== null && line.trim() === '```') {
      out.push({ code: block.join('\n'), line: start });
      block = null;
    } else if (block !== null) block.push(line);
  });
  return out;
}

const NO_RUN = /^\s*\/\/\s*@noRun\b:?\s*(.*)$/;

/** An example found in a doc comment; a first line `// @noRun: reason` marks it as type-checked only. */
export function toExample(name: string, file: string, e: { code: string; line: number }): Example {
  const match = NO_RUN.exec(e.code.split('\n')[0] ?? '');
  return { name, file, line: e.line, code: e.code, ...(match ? { noRun: match[1]!.trim() } : {}) };
}

function docComments(node: ts.Node): ts.JSDoc[] {
  return ts.getJSDocCommentsAndTags(node).filter((d): d is ts.JSDoc => d.kind === ts.SyntaxKind.JSDoc);
}

function lineOf(node: ts.Node): number {
  const file = node.getSourceFile();
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}

const display = (file: string): string => relative(repoRoot, file).split(sep).join('/');

/** The exports of an entry point, their doc comments and examples, and its package comment's examples. */
export function collectExamples(
  entry: string,
  coveredBy?: string,
): { catalogue: CatalogueEntry[]; packageExamples: Example[]; exportNames: string[] } {
  const entryFile = join(repoRoot, entry);
  const roots = coveredBy === undefined ? [entryFile] : [entryFile, join(repoRoot, coveredBy)];
  const program = ts.createProgram(roots, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['source'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): ts.Symbol[] =>
    checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);
  const exported = exportsOf(entryFile);
  const covered = new Set(coveredBy === undefined ? [] : exportsOf(join(repoRoot, coveredBy)).map((s) => s.name));
  const catalogue = exported
    .filter((symbol) => !covered.has(symbol.name))
    .map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const docs = (target.declarations ?? []).flatMap((d) =>
        docComments(d).map((doc) => ({ doc, file: d.getSourceFile() })),
      );
      const found = docs.flatMap(({ doc, file }) =>
        examplesIn(doc.getText(file), lineOf(doc)).map((e) => ({ ...e, file: display(file.fileName) })),
      );
      const examples = found.map((e, i) =>
        toExample(found.length > 1 ? `${symbol.name} #${i + 1}` : symbol.name, e.file, e),
      );
      return { name: symbol.name, documented: docs.length > 0, examples };
    });
  const source = program.getSourceFile(entryFile)!;
  const packageDoc = (ts.getLeadingCommentRanges(source.text, 0) ?? [])
    .map((range) => ({
      text: source.text.slice(range.pos, range.end),
      line: source.getLineAndCharacterOfPosition(range.pos).line + 1,
    }))
    .find((c) => c.text.includes('@packageDocumentation'));
  const packageExamples =
    packageDoc === undefined
      ? []
      : examplesIn(packageDoc.text, packageDoc.line).map((e, i) =>
          toExample(`(package) #${i + 1}`, display(entryFile), e),
        );
  return { catalogue, packageExamples, exportNames: exported.map((s) => s.name) };
}

/** An `import` declaration of an example, by name. */
interface Imported {
  readonly module: string;
  /** `default`, `*` (namespace), a named export, or '' (side effects only). */
  readonly imported: string;
  readonly local: string;
  readonly typeOnly: boolean;
}

/** An example's `import` declarations, and its code with them blanked out (same lines). */
function splitImports(code: string): { imports: Imported[]; body: string } {
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const imports: Imported[] = [];
  let body = code;
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    const typeOnly = clause?.isTypeOnly ?? false;
    if (clause === undefined) imports.push({ module, imported: '', local: '', typeOnly: false });
    if (clause?.name) imports.push({ module, imported: 'default', local: clause.name.text, typeOnly });
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings))
      imports.push({ module, imported: '*', local: bindings.name.text, typeOnly });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const e of bindings.elements)
        imports.push({
          module,
          imported: (e.propertyName ?? e.name).text,
          local: e.name.text,
          typeOnly: typeOnly || e.isTypeOnly,
        });
    }
    const start = statement.getStart(file);
    const text = body.slice(start, statement.end);
    body = body.slice(0, start) + text.replace(/[^\n]/g, ' ') + body.slice(statement.end);
  }
  return { imports, body };
}

/** Imports of the fixture and the example, once each by local name. */
function mergeImports(...lists: Imported[][]): Imported[] {
  const seen = new Set<string>();
  return lists.flat().filter((i) => {
    const key = `${i.local}\0${i.module}\0${i.imported}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function importStatement(i: Imported): string {
  if (i.imported === '') return `import '${i.module}';`;
  if (i.imported === 'default') return `import ${i.typeOnly ? 'type ' : ''}${i.local} from '${i.module}';`;
  if (i.imported === '*') return `import ${i.typeOnly ? 'type ' : ''}* as ${i.local} from '${i.module}';`;
  return `import { ${i.typeOnly ? 'type ' : ''}${i.imported} as ${i.local} } from '${i.module}';`;
}

function importConst(i: Imported): string {
  if (i.typeOnly) return '';
  if (i.imported === '') return `await __import(${JSON.stringify(i.module)});`;
  if (i.imported === '*') return `const ${i.local} = await __import(${JSON.stringify(i.module)});`;
  return `const { ${JSON.stringify(i.imported)}: ${i.local} } = await __import(${JSON.stringify(i.module)});`;
}

/** An example and the fixture before it, as one piece of code with the imports apart. */
function assemble(
  example: Example,
  fixture: Example | undefined,
): { imports: Imported[]; body: string; offset: number } {
  const own = splitImports(example.code);
  if (fixture === undefined || fixture === example) return { imports: own.imports, body: own.body, offset: 0 };
  const pre = splitImports(fixture.code);
  return {
    imports: mergeImports(pre.imports, own.imports),
    body: `${pre.body}\n${own.body}`,
    offset: pre.body.split('\n').length,
  };
}

const CHECKED_LOG = /^(\s*)console\.log\((.*)\);\s*\/\/ (.+)$/;

/** Compiles an example (after the fixture) to the body of an async function, with its checked lines. */
export function compileExample(
  example: Example,
  fixture: Example | undefined,
  scopeNames: readonly string[],
): CompiledExample {
  const { imports, body } = assemble(example, fixture);
  const expected: Record<number, string> = {};
  const checked = body
    .split('\n')
    .map((line, i) => {
      const match = CHECKED_LOG.exec(line);
      if (match === null) return line;
      expected[i] = match[3]!;
      return `${match[1]}__check(${i}, ${match[2]});`;
    })
    .join('\n');
  const locals = new Set(imports.map((i) => i.local));
  const inScope = scopeNames.filter((n) => !locals.has(n) && /^[A-Za-z_$][\w$]*$/.test(n));
  const header = [`const { ${inScope.join(', ')} } = __scope;`, ...imports.map(importConst)].join(' ');
  const js = ts.transpileModule(`${header}\n${checked}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  return { label: `${example.name} (${example.file}:${example.line})`, js, expected };
}

const exportNames = new Map<string, string[]>();

/** The names (values and types) an entry point (from the repository root) exports. */
function exportNamesOf(entry: string): string[] {
  let names = exportNames.get(entry);
  if (names === undefined) {
    names = collectExamples(entry).exportNames;
    exportNames.set(entry, names);
  }
  return names;
}

/** The relative import specifier of `file` from `dir`, as `.js`. */
function specifierOf(dir: string, file: string): string {
  return `./${relative(dir, file).split(sep).join('/').replace(/\.ts$/, '.js')}`.replace(/^\.\/\.\./, '..');
}

/**
 * Type-checks every example at once, each as a module importing the whole entry (but the
 * names it imports itself) after the fixture; returns the errors by example label.
 */
export function typeCheckExamples(
  options: TsdocOptions,
  examples: readonly Example[],
  fixture: Example | undefined,
  exportNames: readonly string[],
): Map<string, string[]> {
  const entryFile = join(repoRoot, options.entry);
  // Beside the package's own tests, so that its name and dependencies resolve as in its tests.
  const dir = join(repoRoot, options.entry.split('/src/')[0]!, 'test', '__tsdoc_examples__');
  const specifier = specifierOf(dir, entryFile);
  const files = new Map<string, { example: Example; headerLines: number; fixtureLines: number }>();
  const texts = new Map<string, string>();
  examples.forEach((example, i) => {
    const { imports, body, offset } = assemble(example, fixture);
    const locals = new Set(imports.map((im) => im.local));
    const taken = new Set([...locals, ...exportNames]);
    const fromScope = Object.keys(options.scope ?? {}).map((entry) => {
      const names = exportNamesOf(entry).filter((n) => !taken.has(n));
      for (const n of names) taken.add(n);
      return names.length === 0
        ? ''
        : `import { ${names.join(', ')} } from '${specifierOf(dir, join(repoRoot, entry))}';`;
    });
    const header = [
      `import { ${exportNames.filter((n) => !locals.has(n)).join(', ')} } from '${specifier}';`,
      ...fromScope.filter((l) => l !== ''),
      ...imports.map(importStatement),
    ];
    const name = join(dir, `example${i}.ts`);
    files.set(name, { example, headerLines: header.length, fixtureLines: offset });
    texts.set(name, `${header.join('\n')}\n${body}\nexport {};\n`);
  });
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['source'],
    lib: [...(options.lib ?? ['lib.es2022.d.ts'])],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(repoRoot, 'node_modules', '@types')],
  };
  const host = ts.createCompilerHost(compilerOptions);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    texts.has(name)
      ? ts.createSourceFile(name, texts.get(name)!, language)
      : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => texts.has(name) || fileExists.call(host, name);
  host.readFile = (name) => texts.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram([...texts.keys()], compilerOptions, host);
  const errors = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName;
    const info = file === undefined ? undefined : files.get(file);
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
        : 0;
    let key = file === undefined ? 'global' : display(file);
    let where = `line ${line + 1}`;
    if (info !== undefined) {
      key = `${info.example.name} (${info.example.file}:${info.example.line})`;
      const bodyLine = line - info.headerLines;
      where =
        bodyLine < 0
          ? 'imports'
          : bodyLine < info.fixtureLines
            ? `fixture line ${bodyLine + 1}`
            : `${info.example.file}:${info.example.line + bodyLine - info.fixtureLines}`;
    }
    const list = errors.get(key) ?? [];
    list.push(`${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    errors.set(key, list);
  }
  return errors;
}

/** Runs examples in a child process, each in its own copy of a working directory (see {@link Workdir}). */
export async function runInChild(
  options: TsdocOptions,
  setup: readonly CompiledExample[],
  examples: readonly CompiledExample[],
  files: Readonly<Record<string, string>>,
): Promise<JobOutcomes> {
  const temp = mkdtempSync(join(tmpdir(), 'chokepoint-tsdoc-job-'));
  try {
    const absolute = (path: string): string => (isAbsolute(path) ? path : join(repoRoot, path));
    const absolutes = (map: Readonly<Record<string, string>>): Record<string, string> =>
      Object.fromEntries(Object.entries(map).map(([k, v]) => [k, absolute(v)]));
    const job: RunJob = {
      entry: join(repoRoot, options.entry),
      scope: Object.keys(options.scope ?? {}).map((entry) => join(repoRoot, entry)),
      modules: absolutes(options.modules ?? {}),
      files: absolutes(files),
      links: absolutes(options.workdir?.links ?? {}),
      setup,
      examples,
      results: join(temp, 'results.json'),
    };
    writeFileSync(join(temp, 'job.json'), JSON.stringify(job));
    const stderr: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', runnerFile, join(temp, 'job.json')],
        { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`the example runner exited with ${code}: ${stderr.join('').slice(-2000)}`);
    return JSON.parse(readFileSync(job.results, 'utf8')) as JobOutcomes;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Registers the tests of one entry point: documentation, fixture, type-check, and one test per example run. */
export function describeTsdocExamples(options: TsdocOptions): void {
  const { catalogue, packageExamples, exportNames } = collectExamples(options.entry, options.coveredBy);
  const setupMode = options.workdir?.setup === true;
  if (setupMode && options.fixture !== undefined)
    throw new Error(`${options.name}: a fixture and a setup exclude each other`);
  const fixture = options.fixture === undefined ? undefined : packageExamples[0];
  const examples = [...packageExamples, ...catalogue.flatMap((c) => c.examples)];
  const runnable = examples.filter((e) => e.noRun === undefined);
  const setup = setupMode ? runnable.filter((e) => packageExamples.includes(e)) : [];
  const scopeNames = Object.keys(scopeOf(options));
  const compiled = new Map(runnable.map((e) => [e, compileExample(e, fixture, scopeNames)]));
  const outcomes = new Map<Example, ExampleOutcome>();
  const title = `TSDoc examples of ${options.name}: ${catalogue.length} exports, ${examples.length} examples type-checked, ${runnable.length} run`;

  describe(title, () => {
    if (options.workdir !== undefined) {
      const workdir = options.workdir;
      beforeAll(async () => {
        const temp = mkdtempSync(join(tmpdir(), 'chokepoint-tsdoc-prepare-'));
        let results: JobOutcomes;
        let started = 0;
        const others = runnable.filter((e) => !setup.includes(e));
        try {
          const files = { ...(workdir.files ?? {}), ...((await workdir.prepare?.(temp)) ?? {}) };
          started = performance.now();
          results = await runInChild(
            options,
            setup.map((e) => compiled.get(e)!),
            others.map((e) => compiled.get(e)!),
            files,
          );
        } finally {
          rmSync(temp, { recursive: true, force: true });
        }
        setup.forEach((e, i) => outcomes.set(e, results.setup[i]!));
        others.forEach((e, i) => outcomes.set(e, results.examples[i]!));
        const slowest = [...outcomes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 5);
        const setupMs = results.setup.reduce((sum, o) => sum + o.ms, 0);
        console.info(
          `${options.name}: ran ${outcomes.size} examples in a child process in ${seconds(performance.now() - started)}` +
            `${setup.length > 0 ? ` (setup ${seconds(setupMs)})` : ''}; slowest: ${slowest.map(([e, o]) => `${e.name} ${seconds(o.ms)}`).join(', ')}`,
        );
      }, 300_000);
    }

    it('every export has a doc comment with an @example', () => {
      expect(catalogue.length).toBeGreaterThanOrEqual(options.minExports ?? 1);
      expect(catalogue.filter((c) => !c.documented).map((c) => c.name)).toEqual([]);
      expect(catalogue.filter((c) => c.examples.length === 0).map((c) => c.name)).toEqual([]);
    });

    if (options.fixture !== undefined) {
      it(`the package documentation's first example is the fixture (${options.fixture})`, () => {
        expect(fixture?.code).toMatch(options.fixture!);
        expect(fixture?.noRun).toBeUndefined();
      });
    }

    it('every example type-checks with the whole entry in scope', () => {
      const errors = typeCheckExamples(options, examples, fixture, exportNames);
      expect(Object.fromEntries(errors)).toEqual({});
    });

    it('says why each example that does not run does not', () => {
      const skipped = examples.filter((e) => e.noRun !== undefined);
      expect(skipped.filter((e) => e.noRun === '').map((e) => `${e.name} (${e.file}:${e.line})`)).toEqual([]);
      if (setupMode)
        expect(
          skipped.filter((e) => packageExamples.includes(e)).map((e) => e.name),
          'setup examples must run',
        ).toEqual([]);
      if (skipped.length > 0) {
        console.info(
          `${options.name}: ${skipped.length} of ${examples.length} examples type-checked only:\n${skipped.map((e) => `  ${e.name} (${e.file}:${e.line}): ${e.noRun}`).join('\n')}`,
        );
      }
    });

    it.each(runnable.map((e) => [compiled.get(e)!.label, e] as const))(
      '%s runs and prints what its comments say',
      async (_label, example) => {
        const outcome =
          options.workdir !== undefined
            ? outcomes.get(example)
            : await runCompiledExample(compiled.get(example)!, scopeOf(options), (s) => importInThread(s, options));
        expect(outcome, 'the example runner gave no outcome').toBeDefined();
        if (outcome!.error !== undefined)
          throw new Error(
            `${compiled.get(example)!.label} threw:\n${outcome!.error}\nprinted:\n${outcome!.printed.join('\n')}`,
          );
        expect(outcome!.missed).toEqual([]);
      },
    );
  });
}

/** `import()` for examples run in this thread. */
function importInThread(specifier: string, options: TsdocOptions): Promise<unknown> {
  const path = options.modules?.[specifier];
  return path !== undefined ? import(pathToFileURL(join(repoRoot, path)).href) : import(specifier);
}

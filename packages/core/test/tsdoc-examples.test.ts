import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as core from '@chokepoint/core';

/*
 * The TSDoc examples run, as mathjs's do. Every export of the package index
 * has a TSDoc comment with an `@example`; each ```ts block in one is
 * type-checked and run with every export of the core in scope and the
 * package's fixture world `spec` defined (the first example of the
 * `@packageDocumentation` comment in src/index.ts). A line
 * `console.log(x); // expected` must print `expected` (whitespace aside).
 */

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const indexFile = join(srcDir, 'index.ts');

interface Example {
  /** `name` or `name #2` when a declaration has several. */
  readonly name: string;
  /** Where it is, for messages: `file:line`. */
  readonly where: string;
  readonly code: string;
}

const program = ts.createProgram([indexFile], {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
});
const checker = program.getTypeChecker();
const indexSource = program.getSourceFile(indexFile)!;
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(indexSource)!);

/** The ```ts blocks of the `@example` sections of a raw doc comment, with the line each starts on. */
function examplesIn(comment: string, firstLine: number): Array<{ code: string; line: number }> {
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

function docComments(node: ts.Node): ts.JSDoc[] {
  return ts.getJSDocCommentsAndTags(node).filter((d): d is ts.JSDoc => d.kind === ts.SyntaxKind.JSDoc);
}

function lineOf(node: ts.Node): number {
  const file = node.getSourceFile();
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}

/** Each export's declarations, and whether they carry doc comments and examples. */
const catalogue = exported.map((symbol) => {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declarations = target.declarations ?? [];
  const docs = declarations.flatMap((d) => docComments(d).map((doc) => ({ doc, file: d.getSourceFile() })));
  const examples = docs.flatMap(({ doc, file }) =>
    examplesIn(doc.getText(file), lineOf(doc)).map((e) => ({ ...e, file: relative(join(srcDir, '..'), file.fileName) })),
  );
  return { name: symbol.name, documented: docs.length > 0, examples };
});

/** The package documentation comment of src/index.ts; its first example defines `spec`. */
const packageDoc = ts
  .getLeadingCommentRanges(indexSource.text, 0)!
  .map((range) => ({ text: indexSource.text.slice(range.pos, range.end), line: indexSource.getLineAndCharacterOfPosition(range.pos).line + 1 }))
  .find((c) => c.text.includes('@packageDocumentation'))!;
const [fixture, ...packageExamples] = examplesIn(packageDoc.text, packageDoc.line);

const examples: Example[] = [
  { name: '(package) fixture', where: `src/index.ts:${fixture?.line}`, code: fixture?.code ?? '' },
  ...packageExamples.map((e, i) => ({ name: `(package) #${i + 2}`, where: `src/index.ts:${e.line}`, code: e.code })),
  ...catalogue.flatMap(({ name, examples: list }) =>
    list.map((e, i) => ({ name: list.length > 1 ? `${name} #${i + 1}` : name, where: `${e.file}:${e.line}`, code: e.code })),
  ),
];

/** The fixture code prepended to every other example. */
const prelude = (example: Example): string => (example === examples[0] ? '' : `${fixture!.code}\n`);

const CHECKED_LOG = /^(\s*)console\.log\((.*)\);\s*\/\/ (.+)$/;
const normalize = (text: string): string => text.replace(/\s+/g, '').replace(/"/g, "'");
const show = (value: unknown): string => (typeof value === 'string' ? value : inspect(value, { depth: 6, breakLength: Infinity, compact: true }));

/** Runs an example with the core's exports in scope; returns what it printed, and the expectations it missed. */
async function runExample(example: Example): Promise<{ printed: string[]; missed: string[] }> {
  const printed: string[] = [];
  const missed: string[] = [];
  const expected = new Map<number, string>();
  const source = (prelude(example) + example.code)
    .split('\n')
    .map((line, i) => {
      const match = CHECKED_LOG.exec(line);
      if (match === null) return line;
      expected.set(i, match[3]!);
      return `${match[1]}__check(${i}, ${match[2]});`;
    })
    .join('\n');
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const capture = (...args: unknown[]): void => void printed.push(args.map(show).join(' '));
  const check = (line: number, ...args: unknown[]): void => {
    const text = args.map(show).join(' ');
    printed.push(text);
    if (normalize(text) !== normalize(expected.get(line)!)) missed.push(`printed ${text}, the comment says ${expected.get(line)}`);
  };
  const names = Object.keys(core);
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  const body = new AsyncFunction(...names, 'console', '__check', js);
  await body(...names.map((n) => (core as Record<string, unknown>)[n]), { log: capture, error: capture, warn: capture }, check);
  return { printed, missed };
}

/** Type-checks every example at once, as a module importing the whole index; returns the errors by example. */
function typeCheck(): Map<string, string[]> {
  const dir = join(srcDir, '..', 'test', '__tsdoc_examples__');
  const allNames = exported.map((s) => s.name);
  const header = `import { ${allNames.join(', ')} } from '../../src/index.js';\n`;
  const files = new Map(examples.map((e, i) => [join(dir, `example${i}.ts`), `${header}${prelude(e)}${e.code}\nexport {};\n`]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(srcDir, '..', '..', '..', 'node_modules', '@types')],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    files.has(name) ? ts.createSourceFile(name, files.get(name)!, language) : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  const checkProgram = ts.createProgram([...files.keys()], options, host);
  const errors = new Map<string, string[]>();
  const names = [...files.keys()];
  for (const diagnostic of ts.getPreEmitDiagnostics(checkProgram)) {
    const file = diagnostic.file?.fileName;
    const i = file === undefined ? -1 : names.indexOf(file);
    const key = i >= 0 ? examples[i]!.name : (file ?? 'global');
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : 0;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const list = errors.get(key) ?? [];
    list.push(`line ${line}: ${message}`);
    errors.set(key, list);
  }
  return errors;
}

describe('TSDoc examples', () => {
  it('every export of the index has a doc comment with an @example', () => {
    expect(catalogue.length).toBeGreaterThan(100);
    expect(catalogue.filter((c) => !c.documented).map((c) => c.name)).toEqual([]);
    expect(catalogue.filter((c) => c.examples.length === 0).map((c) => c.name)).toEqual([]);
  });

  it('the package documentation defines the fixture world `spec`', () => {
    expect(fixture?.code).toMatch(/\bconst spec\b/);
  });

  it('type-check with the whole index in scope and `spec` defined', () => {
    const errors = typeCheck();
    expect(Object.fromEntries(errors)).toEqual({});
  });

  it.each(examples.map((e) => [`${e.name} (${e.where})`, e] as const))('%s runs and prints what its comments say', async (_label, example) => {
    const { missed } = await runExample(example);
    expect(missed).toEqual([]);
  });
});

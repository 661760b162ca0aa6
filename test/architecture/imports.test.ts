/**
 * The package layering holds: imports flow one way (format and core at the bottom, the command
 * line at the top; see docs/architecture.md), and the packages that run in a browser import
 * nothing from Node. A test fails on the first import that runs up or sideways.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '../..');

/** What each package's sources may import from the others. */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  format: ['core'],
  scenario: ['core', 'format'],
  outputs: ['core', 'format', 'scenario'],
  runner: ['core', 'format', 'scenario', 'outputs'],
  analysis: ['core', 'format', 'scenario', 'outputs', 'runner'],
  charts: ['core', 'format'],
  // The Node half of charts (renderers to files, the report) writes files as the outputs do.
  'charts/node': ['core', 'format', 'outputs'],
  cli: ['core', 'format', 'scenario', 'outputs', 'runner', 'analysis', 'charts'],
};

/** Sources that must run in a browser: no `node:` import, static or dynamic. */
const BROWSER_SAFE = ['packages/core/src', 'packages/format/src', 'packages/scenario/src', 'packages/charts/src'];
const NODE_ONLY_FOLDERS = ['packages/charts/src/node'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The module specifiers a file imports or re-exports (static and literal dynamic imports; not those in comments). */
export function importsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      out.push(node.moduleSpecifier.text);
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const packages = readdirSync(join(repoRoot, 'packages')).filter((p) =>
  statSync(join(repoRoot, 'packages', p, 'src'), { throwIfNoEntry: false })?.isDirectory(),
);

describe('imports flow one way', () => {
  it('every package is placed in the layering', () => {
    expect(packages.filter((p) => !(p in ALLOWED))).toEqual([]);
    // A lower package never lists a higher one: the layering has no cycle.
    for (const [pkg, below] of Object.entries(ALLOWED))
      for (const other of below) expect(ALLOWED[other] ?? [], `${pkg} → ${other}`).not.toContain(pkg.split('/')[0]);
  });

  it.each(packages)('packages/%s imports only the packages below it', (pkg) => {
    const wrong: string[] = [];
    for (const file of sources(join(repoRoot, 'packages', pkg, 'src'))) {
      const part =
        relative(join(repoRoot, 'packages', pkg, 'src'), file).startsWith('node/') && `${pkg}/node` in ALLOWED
          ? `${pkg}/node`
          : pkg;
      for (const spec of importsOf(file, readFileSync(file, 'utf8'))) {
        const match = /^@chokepoint\/([^/]+)/.exec(spec);
        if (match !== null && match[1] !== pkg && !ALLOWED[part]!.includes(match[1]!))
          wrong.push(`${relative(repoRoot, file)} imports ${spec}`);
        if (spec.startsWith('.') && !join(file, '..', spec).startsWith(join(repoRoot, 'packages', pkg, 'src')))
          wrong.push(`${relative(repoRoot, file)} reaches outside its package: ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(BROWSER_SAFE)('%s imports nothing from Node', (dir) => {
    const wrong: string[] = [];
    for (const file of sources(join(repoRoot, dir))) {
      if (NODE_ONLY_FOLDERS.some((d) => file.startsWith(join(repoRoot, d)))) continue;
      for (const spec of importsOf(file, readFileSync(file, 'utf8')))
        if (spec.startsWith('node:')) wrong.push(`${relative(repoRoot, file)} imports ${spec}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(packages)('packages/%s declares in package.json every package its sources import', (pkg) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', pkg, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const missing = new Set<string>();
    for (const file of sources(join(repoRoot, 'packages', pkg, 'src'))) {
      for (const spec of importsOf(file, readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (name !== `@chokepoint/${pkg}` && !declared.has(name)) missing.add(`${name} (${relative(repoRoot, file)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('catches an import that runs up', () => {
    const specs = importsOf(
      'x.ts',
      "import { runScenario } from '@chokepoint/runner';\nconst m = await import('node:fs');\n// import '@chokepoint/cli'\n",
    );
    expect(specs).toEqual(['@chokepoint/runner', 'node:fs']);
    expect(ALLOWED.scenario).not.toContain('runner');
  });
});

import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { simulate, type WorldSpec } from '@chokepoint/core';

/*
 * The core runs in a browser: it bundles for the browser platform with no
 * Node built-ins, its source mentions none (nor Math.random), and the bundle
 * runs in a bare JavaScript realm with no Node globals.
 */

const coreDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(coreDir, 'src');
const entry = join(srcDir, 'index.ts');
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const bundle = (format: 'esm' | 'iife') =>
  build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format,
    globalName: format === 'iife' ? 'Chokepoint' : undefined,
    write: false,
    metafile: true,
    conditions: ['source'],
    logLevel: 'silent',
    absWorkingDir: coreDir,
  });

describe('the core in a browser', () => {
  it('bundles for the browser platform with no errors and no Node built-in among its inputs', async () => {
    const result = await bundle('esm');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const metafile: Metafile = result.metafile!;
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((input) => input.endsWith('src/index.ts'))).toBe(true);
    // esbuild lists a built-in as an input only if something pulls it in. A
    // "(disabled):" input is an empty stub that a dependency's own `browser`
    // field asks for (seedrandom's optional `crypto`), not Node code.
    const disabled = inputs.filter((input) => input.startsWith('(disabled):'));
    const live = inputs.filter((input) => !input.startsWith('(disabled):'));
    expect(live.filter((input) => isBuiltin(input) || isBuiltin(input.replace(/^[^:]+:/, '')))).toEqual([]);
    for (const stub of disabled) {
      const importers = live.filter((input) => metafile.inputs[input]!.imports.some((i) => i.path === stub));
      // Only dependencies may ask for a stub, never the core's own files.
      expect(importers.length).toBeGreaterThan(0);
      for (const importer of importers) expect(importer).toMatch(/node_modules/);
    }
    // Every import of a core file resolves to a bundled file, none external.
    for (const input of live.filter((i) => !i.includes('node_modules'))) {
      for (const imported of metafile.inputs[input]!.imports) expect(imported.external ?? false).toBe(false);
    }
  });

  it('no source file mentions Math.random or imports a Node built-in', () => {
    const files = sourceFiles(srcDir);
    expect(files.length).toBeGreaterThan(10);
    const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
    const offences: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = relative(coreDir, file);
      if (text.includes('Math.random')) offences.push(`${name}: Math.random`);
      for (const match of text.matchAll(specifier))
        if (isBuiltin(match[1]!)) offences.push(`${name}: imports ${match[1]}`);
      // Node globals would fail in a browser at run time, not at bundle time.
      for (const global of [/\bprocess\./, /\bBuffer\b/, /\b__dirname\b/, /\b__filename\b/, /\brequire\s*\(/]) {
        if (global.test(text)) offences.push(`${name}: uses ${global.source}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('the bundle runs in a bare realm with no Node globals, and gives the same metrics as Node', async () => {
    const result = await bundle('iife');
    const code = result.outputFiles![0]!.text;
    const spec: WorldSpec = {
      states: [{ id: 'US' }, { id: 'CN' }],
      products: [{ id: 'chip' }, { id: 'phone', recipe: [{ product: 'chip', amount: 2 }] }],
      firms: [
        { id: 'fab', state: 'US', product: 'chip' },
        { id: 'oem', state: 'CN', product: 'phone' },
      ],
      edges: [{ supplier: 'fab', buyer: 'oem' }],
      finalDemand: [{ state: 'US', product: 'phone', quantity: 10 }],
      params: { rationing: 'random' },
    };
    // A fresh realm has only the ECMAScript globals: no process, require, Buffer or fetch.
    const sandbox: Record<string, unknown> = { specJson: JSON.stringify(spec) };
    const values = runInNewContext(
      `${code}
       if (typeof process !== 'undefined' || typeof require !== 'undefined') throw new Error('not a bare realm');
       const result = Chokepoint.simulate(JSON.parse(specJson), { steps: 6, seed: 3 });
       JSON.stringify(Array.from(result.metrics.columns().values));`,
      sandbox,
    ) as string;
    const here = Array.from(simulate(spec, { steps: 6, seed: 3 }).metrics.columns().values);
    expect(JSON.parse(values)).toEqual(here);
    expect(here.length).toBeGreaterThan(0);
  });
});

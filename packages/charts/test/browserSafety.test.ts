import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = join(import.meta.dirname, '..', 'src');

describe('browser entry', () => {
  it('imports no Node built-in, linkedom or resvg outside src/node', () => {
    const files = readdirSync(srcDir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      // Code only: doc comments hold examples that run in Node (e.g. reading a run directory).
      const text = readFileSync(join(srcDir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
      for (const specifier of imports) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(
          /^(\.\/[\w]+\.js|d3|d3-sankey|yaml|@chokepoint\/core|@chokepoint\/format)$/,
        );
      }
      expect(text, file).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(/);
    }
  });
  it('keeps one chart function per file, named after it', () => {
    const chartFiles = readdirSync(srcDir).filter((f) => f.endsWith('Chart.ts'));
    expect(chartFiles.length).toBeGreaterThanOrEqual(8);
    for (const file of chartFiles) {
      const text = readFileSync(join(srcDir, file), 'utf8');
      const exported = [...text.matchAll(/^export (?:async )?function (\w+Chart)[<(]/gm)].map((m) => m[1]);
      expect(exported, file).toEqual([file.replace(/\.ts$/, '')]);
    }
  });
});

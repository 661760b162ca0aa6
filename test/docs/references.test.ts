/**
 * The project's text must stand on its own: no document, scenario, notebook or comment names a
 * file that is not in the repository (the design notes that were never part of it, the seed
 * folder, a numbered seed document), points at an absolute path of someone's machine (a home or
 * work folder), or links to a file that does not exist. The model is described in
 * docs/ODD.md; calibration figures are cited from scenarios/worlds/README.md and the world files'
 * `sources:`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
/** Generated or installed folders, not the project's own text. */
const SKIP = new Set(['node_modules', 'dist', '.git', 'runs', 'coverage', '.vitest-cache', join('docs', 'api'), join('test', 'notebooks', 'screenshots')]);
const TEXT = /\.(md|ya?ml|html)$/;
const CODE = /\.(ts|mts|js|mjs)$/;

function walk(folder: string, out: string[] = []): string[] {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const rel = relative(root, path);
    if (SKIP.has(name) || SKIP.has(rel) || name === 'pnpm-lock.yaml') continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (TEXT.test(name) || CODE.test(name)) out.push(rel);
  }
  return out;
}

/** The comments of a TypeScript or JavaScript file, each with its line. */
function comments(text: string): Array<{ line: number; text: string }> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const found: Array<{ line: number; text: string }> = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      found.push({ line: text.slice(0, scanner.getTokenStart()).split('\n').length, text: scanner.getTokenText() });
    }
  }
  return found;
}

// Built from pieces so that this file does not match itself.
const OUTSIDE_FILES = new RegExp(['\\b(?:MODEL', 'CALIBRATION', 'DESIGN)\\.md\\b', 'shared' + '/seeds', '\\(seed \\d{3}\\)'].join('|'));
const MACHINE_PATHS = new RegExp(`(?<![\\w.~$-])/(?:${['work', 'home', 'Users', 'root'].join('|')})/|\\b[A-Z]:\\\\Users\\\\`);

/** `file:line: text` for every line of `text` that matches `pattern`, from `from` on. */
function matches(file: string, text: string, pattern: RegExp, from = 1): string[] {
  return text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${file}:${from + i}: ${line.trim().slice(0, 160)}`] : []));
}

const files = walk(root);

describe('references in the docs, scenarios and comments', () => {
  it('finds the project text to check', () => {
    for (const expected of ['README.md', join('docs', 'ODD.md'), join('scenarios', 'worlds', 'world-2023.yaml'), join('packages', 'core', 'src', 'step.ts')]) {
      expect(files).toContain(expected);
    }
    expect(files.some((f) => f.includes(`${sep}node_modules${sep}`) || f.startsWith(`node_modules${sep}`))).toBe(false);
  });

  it('names no file outside the repository (the model and calibration notes, the seed documents)', () => {
    const found = files.flatMap((file) => matches(file, readFileSync(join(root, file), 'utf8'), OUTSIDE_FILES));
    expect(found).toEqual([]);
  });

  it('holds no absolute path of a machine (/work/, /home/, /Users/, /root/), in text or in code comments', () => {
    const found = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      if (TEXT.test(file)) return matches(file, text, MACHINE_PATHS);
      // In code, only comments: tests may build such paths on purpose (quoting of /home/o'neil).
      return comments(text).flatMap((c) => matches(file, c.text, MACHINE_PATHS, c.line));
    });
    expect(found).toEqual([]);
  });

  it('links only to files that exist (relative Markdown links)', () => {
    const broken = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) => {
        const text = readFileSync(join(root, file), 'utf8');
        return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
          .map((m) => m[1]!)
          .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target) && !target.startsWith('#'))
          .filter((target) => {
            const path = resolve(root, dirname(file), decodeURI(target.split('#')[0]!));
            try {
              statSync(path);
              return false;
            } catch {
              return true;
            }
          })
          .map((target) => `${file}: ${target}`);
      });
    expect(broken).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    expect(OUTSIDE_FILES.test('see MODEL' + '.md, "Experiments"')).toBe(true);
    expect(OUTSIDE_FILES.test('figures via CALIBRATION' + '.md')).toBe(true);
    expect(OUTSIDE_FILES.test('docs/ODD.md and docs/calibration.md')).toBe(false);
    expect(OUTSIDE_FILES.test('CNAS, Common Code (seed ' + '001)')).toBe(true);
    expect(OUTSIDE_FILES.test('seeds keyed by (base, arm, point, replicate)')).toBe(false);
    expect(MACHINE_PATHS.test('cd /wo' + 'rk/main && node')).toBe(true);
    expect(MACHINE_PATHS.test('exec /ho' + 'me/me/chokepoint/bin')).toBe(true);
    expect(MACHINE_PATHS.test('see https://example.org/work/x and runs/home/y')).toBe(false);
    expect(comments('const a = "/x"; // one\n/* two\n three */ const b = 1;').map((c) => c.line)).toEqual([1, 2]);
  });
});

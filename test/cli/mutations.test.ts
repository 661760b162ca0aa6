/**
 * A property over mutated scenario files (issue 30): whatever a file holds after a few random
 * edits (lines deleted, duplicated, swapped or indented, characters and control characters
 * inserted, numbers made huge, negative or fractional, anchors and aliases, invalid UTF-8),
 * `chokepoint validate` exits 0 with a plan inside the limits, or 2 with at most 20 located
 * lines and a count of the rest; never 1 (an internal error), a crash or a hang.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/index.js';
import { DEFAULT_LIMITS, validateScenario } from '@chokepoint/scenario';

const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-mutations-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE = `title: Mutated study
world: { ref: toy-chips }
doctrines:
  US: { doctrine: NLG, rival: CN, hawkishness: 0.6 }
parameters:
  licence: 0.1
  strength: "=licence * 2"
start: 2023-01-01
step: quarter
horizon: 6
arms:
  control: { control: true }
  ban:
    timeline:
      - date: 2023-07-01
        measure: { type: export_control, issuer: US, targets: [CN], products: [sme], licence: "=licence" }
  fire:
    set:
      world.firms[TSMC].damage: 0.5
sweep:
  parameters:
    licence: [0.0, 0.5]
replicates: 2
seed: 7
outputs:
  metrics: [state/CN/output, product/sme/leakage]
`;

const NUMBERS = [
  '0',
  '-1',
  '1e9',
  '100000000',
  '2.5',
  '1e308',
  '-0',
  '.nan',
  '.inf',
  '"=1e9"',
  '"=licence / 0"',
  '99999',
];
const FRAGMENTS = [
  ' ',
  '  ',
  '\t',
  ':',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '&a ',
  '*a',
  '!!str ',
  '? ',
  '|',
  '>',
  '=',
  ',',
  '\u0000',
  '\u001b[2J',
  '\u0007',
  '\u202e',
  'é',
];

/** One edit of the file's lines. */
type Edit = (lines: string[]) => string[];

const at = (lines: string[], i: number): number => (lines.length === 0 ? 0 : i % lines.length);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.nat().map(
    (i): Edit =>
      (lines) =>
        lines.filter((_, j) => j !== at(lines, i)),
  ),
  fc.nat().map(
    (i): Edit =>
      (lines) =>
        lines.flatMap((line, j) => (j === at(lines, i) ? [line, line] : [line])),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([i, k]): Edit => (lines) => {
    const copy = [...lines];
    const a = at(lines, i);
    const b = at(lines, k);
    [copy[a], copy[b]] = [copy[b]!, copy[a]!];
    return copy;
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(
    ([i, shift]): Edit =>
      (lines) =>
        lines.map((line, j) =>
          j !== at(lines, i)
            ? line
            : shift >= 0
              ? ' '.repeat(shift) + line
              : line.replace(new RegExp(`^ {0,${-shift}}`), ''),
        ),
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...FRAGMENTS)).map(
    ([i, c, fragment]): Edit =>
      (lines) =>
        lines.map((line, j) =>
          j !== at(lines, i)
            ? line
            : line.slice(0, c % (line.length + 1)) + fragment + line.slice(c % (line.length + 1)),
        ),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...NUMBERS)).map(([i, value]): Edit => (lines) => {
    // A number of the file (the i-th) replaced by an extreme value.
    let seen = 0;
    return lines.map((line) =>
      line.replace(/(?<![\w.-])-?\d+(\.\d+)?(?![\w-])/g, (match) => (seen++ === i % 24 ? value : match)),
    );
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, k]): Edit => (lines) => {
    // An anchor on one line's value and an alias of it on another's.
    const a = at(lines, i);
    const b = at(lines, k);
    return lines.map((line, j) =>
      j === a ? line.replace(/: /, ': &x ') : j === b ? line.replace(/: .*$/, ': *x') : line,
    );
  }),
);

/** The file's bytes: the edited text, sometimes with a byte that is not UTF-8. */
const mutant = fc.record({
  edits: fc.array(edit, { minLength: 1, maxLength: 4 }),
  badByte: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
});

const LOCATED = /^[^:\n]+:\d+:\d+: \S.*: expected .+, received .+$/;
const CAPPED = /^[^:\n]+: and \d+ more problems? not shown \(fix the ones above and check again\)$/;

let counter = 0;

describe('mutated scenario files', () => {
  it('the base file validates', () => {
    writeFileSync(join(tmp, 'base.yaml'), BASE);
    expect(validateScenario(join(tmp, 'base.yaml')).plan.meta.runs.length).toBe(8);
  });

  it('validate exits 0 within the limits, or 2 with at most 20 located lines; never 1, a crash or a hang (property)', async () => {
    const codes = { ok: 0, bad: 0 };
    await fc.assert(
      fc.asyncProperty(mutant, async ({ edits, badByte }) => {
        const text = edits.reduce((lines, e) => e(lines), BASE.split('\n')).join('\n');
        let bytes = Buffer.from(text, 'utf8');
        if (badByte !== null)
          bytes = Buffer.concat([
            bytes.subarray(0, badByte % (bytes.length + 1)),
            Buffer.from([0xff]),
            bytes.subarray(badByte % (bytes.length + 1)),
          ]);
        const file = join(tmp, `mutant-${counter++}.yaml`);
        writeFileSync(file, bytes);
        let stdout = '';
        let stderr = '';
        const code = await runCli(['node', 'chokepoint', 'validate', file], {
          stdout: (t) => (stdout += t),
          stderr: (t) => (stderr += t),
          cwd: tmp,
        });
        const lines = stderr.split('\n').filter((line) => line !== '' && !line.startsWith('note: '));
        expect(code, stderr).not.toBe(1);
        expect(stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        if (code === 0) {
          codes.ok++;
          expect(lines, stderr).toEqual([]);
          const { plan } = validateScenario(file);
          expect(plan.meta.runs.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxRuns);
          expect(plan.meta.budget!.rows).toBeLessThanOrEqual(DEFAULT_LIMITS.maxRows);
          expect(plan.meta.budget!.memoryPerRun).toBeLessThanOrEqual(DEFAULT_LIMITS.maxMemory);
        } else {
          codes.bad++;
          expect(code).toBe(2);
          expect(stdout).toBe('');
          expect(lines.length).toBeGreaterThan(0);
          expect(lines.length).toBeLessThanOrEqual(21);
          lines.forEach((line, i) => expect(line, stderr).toMatch(i === 20 ? CAPPED : LOCATED));
        }
      }),
      { numRuns: 250, seed: 30 },
    );
    // The edits reach past the parser: some mutants still validate, and others fail later checks.
    expect(codes.ok).toBeGreaterThan(25);
    expect(codes.bad).toBeGreaterThan(25);
  }, 240_000);
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/*
 * The scripts that regenerate docs/findings.md and docs/validation.md, and the benchmarks, are not
 * in the packages' build: type-check them here, so a moved export breaks the test, not the next
 * person who regenerates the findings (it did: a refactor moved writeFileAtomic and the summary
 * types, and findings:report failed to start).
 */

const root = join(import.meta.dirname, '..', '..');

describe('scripts and benchmarks type-check', () => {
  for (const project of ['scripts', 'bench']) {
    it(`tsc -p ${project} reports no error`, async () => {
      const result = await promisify(execFile)(
        join(root, 'node_modules', '.bin', 'tsc'),
        ['-p', join(root, project, 'tsconfig.json')],
        { cwd: root, timeout: 120_000 },
      ).catch((e: { stdout: string }) => e);
      expect(result.stdout).toBe('');
    }, 120_000);
  }
});

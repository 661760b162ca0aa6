/**
 * File-system errors are bad input (exit 2) on one line, `path: expected …, received CODE from
 * syscall (what to do)`, never an internal error. Each code of the table is pinned; a full
 * disk (/dev/full, and a tiny tmpfs) and a read-only file system are produced for real where
 * this machine lets a test mount one (as root in CI), and nothing half-written is left.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { fileSystemProblem } from '../../packages/cli/src/shared.js';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-fs-'));
const mounted: string[] = [];
afterAll(() => {
  for (const point of mounted) spawnSync('umount', [point]);
  rmSync(tmp, { recursive: true, force: true });
});

const cli = (...args: string[]) => cliInProcess(args, tmp);

/** Mounts a tmpfs at `point` (read-only, or of `size`), or returns false where this machine forbids it. */
function mountTmpfs(point: string, options: string): boolean {
  mkdirSync(point, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', point]);
  if (result.status !== 0) return false;
  mounted.push(point);
  return true;
}

const canMount = ((): boolean => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = join(tmp, 'probe');
  const ok = mountTmpfs(probe, 'size=64k');
  if (ok) {
    spawnSync('umount', [probe]);
    mounted.pop();
  }
  return ok;
})();

describe('file-system errors', () => {
  it('map each code to the path, what was expected, and what to do', () => {
    const error = (code: string, syscall: string, path?: string): Error =>
      Object.assign(new Error(`${code}: …`), { code, syscall, ...(path !== undefined ? { path } : {}) });
    const lines = [
      'ENOENT',
      'ENOTDIR',
      'EEXIST',
      'EISDIR',
      'EACCES',
      'EPERM',
      'EROFS',
      'ENOSPC',
      'EDQUOT',
      'EIO',
      'EMFILE',
      'ENFILE',
      'ENAMETOOLONG',
      'ELOOP',
      'EBUSY',
    ].map((code) => fileSystemProblem(error(code, 'open', join(tmp, 'runs', 'x', 'metrics.csv.4242-0.tmp')), tmp));
    expect(lines).toMatchInlineSnapshot(`
      [
        "runs/x/metrics.csv: expected a path whose folder exists, received ENOENT from open (create the folder, or check the path)",
        "runs/x/metrics.csv: expected a folder path, received ENOTDIR from open (a part of the path is a file, not a folder)",
        "runs/x/metrics.csv: expected a path that does not exist yet, received EEXIST from open (choose another name)",
        "runs/x/metrics.csv: expected a file path, received EISDIR from open (it is a folder: name a file in it)",
        "runs/x/metrics.csv: expected a path you may write to, received EACCES from open (permission denied: choose a folder you own, or ask for access)",
        "runs/x/metrics.csv: expected a path you may write to, received EPERM from open (operation not permitted: choose a folder you own)",
        "runs/x/metrics.csv: expected a writable location, received EROFS from open (the file system is read-only: copy the run directory to a writable disk, or choose another --out)",
        "runs/x/metrics.csv: expected space left on the device, received ENOSPC from open (the disk is full: free space, or choose --out on another disk; finished runs are kept, continue with --resume)",
        "runs/x/metrics.csv: expected space left in your disk quota, received EDQUOT from open (free space, or choose --out on another disk; finished runs are kept, continue with --resume)",
        "runs/x/metrics.csv: expected a device that reads and writes, received EIO from open (an input/output error: the disk or network file system may be failing)",
        "runs/x/metrics.csv: expected a free file descriptor, received EMFILE from open (too many open files: raise the limit (ulimit -n), or run with fewer --workers)",
        "runs/x/metrics.csv: expected a free file descriptor, received ENFILE from open (the system has too many open files: close some programs, or run with fewer --workers)",
        "runs/x/metrics.csv: expected a shorter path, received ENAMETOOLONG from open (the path is too long for the file system)",
        "runs/x/metrics.csv: expected a path without a loop of symbolic links, received ELOOP from open (fix the symbolic links on the path)",
        "runs/x/metrics.csv: expected a path not in use, received EBUSY from open (another program holds it: close it and try again)",
      ]
    `);
    expect(fileSystemProblem(error('ENOSPC', 'write'), tmp)).toBe(
      '(file system): expected space left on the device, received ENOSPC from write (the disk is full: free space, or choose --out on another disk; finished runs are kept, continue with --resume)',
    );
    expect(fileSystemProblem(error('ECONNRESET', 'read'), tmp)).toBeUndefined();
    expect(fileSystemProblem(new Error('plain'), tmp)).toBeUndefined();
  });

  it.skipIf(!existsSync('/dev/full'))(
    'a full disk on a write that names no path is bad input, not an internal error',
    async () => {
      const result = await cli('schema', '--out', '/dev/full');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^\/dev\/full: expected space left on the device, received ENOSPC from write \(the disk is full/,
      );
    },
  );

  it.skipIf(!canMount)(
    'a run onto a full disk names the file, exits 2, and leaves no output, written or half-written',
    async () => {
      const disk = join(tmp, 'full');
      expect(mountTmpfs(disk, 'size=96k')).toBe(true);
      for (const workers of ['1', '2']) {
        const out = join(disk, `run-${workers}`);
        const result = await cli(
          'run',
          join(root, 'scenarios', 'quickstart.yaml'),
          '--set',
          'replicates=2',
          '--set',
          'horizon=8',
          '--out',
          out,
          '--workers',
          workers,
          '--quiet',
          '--no-report',
        );
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toMatch(
          new RegExp(
            `^full/run-${workers}/\\S+: expected space left on the device, received ENOSPC from write \\(the disk is full`,
            'm',
          ),
        );
        expect(result.stderr).not.toContain('internal error');
        const left = readdirSync(out);
        expect(left.filter((name) => name !== 'parts')).toEqual([]);
        expect(readdirSync(join(out, 'parts')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
        rmSync(out, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!canMount)(
    'a read-only location is EROFS at the folder that refuses, for run, report and table',
    async () => {
      const disk = join(tmp, 'archive');
      expect(mountTmpfs(disk, 'size=50m')).toBe(true);
      const run = join(disk, 'study');
      const made = await cli(
        'run',
        join(root, 'scenarios', 'quickstart.yaml'),
        '--set',
        'replicates=2',
        '--set',
        'horizon=4',
        '--out',
        run,
        '--workers',
        '1',
        '--quiet',
        '--no-report',
      );
      expect(made.code, made.stderr).toBe(0);
      expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
      const line = (path: string, syscall: string): string =>
        `${path}: expected a writable location, received EROFS from ${syscall} (the file system is read-only: copy the run directory to a writable disk, or choose another --out)\n`;
      expect(
        await cli('run', join(root, 'scenarios', 'quickstart.yaml'), '--out', join(disk, 'new', 'study'), '--quiet'),
      ).toMatchObject({ code: 2, stderr: line('archive', 'mkdir') });
      expect(await cli('report', run)).toMatchObject({ code: 2, stderr: line('archive/study', 'mkdir') });
      expect(await cli('table', run)).toMatchObject({ code: 2, stderr: line('archive/study', 'mkdir') });
    },
  );
});

import { describe, expect, it } from 'vitest';
import { workerEntry } from '@chokepoint/outputs/internal';

describe('worker thread flags', () => {
  it('passes flags a worker accepts and leaves out V8 and per-process flags, which a Worker rejects', () => {
    const added = [
      '--max-old-space-size=2048',
      '--enable-source-maps',
      '--single-threaded-gc',
      '--no-warnings',
      '--title=chokepoint-test',
    ];
    process.execArgv.push(...added);
    try {
      const { execArgv } = workerEntry('./worker', import.meta.url);
      expect(execArgv).toContain('--enable-source-maps');
      expect(execArgv).toContain('--no-warnings');
      for (const flag of ['--max-old-space-size=2048', '--single-threaded-gc', '--title=chokepoint-test'])
        expect(execArgv).not.toContain(flag);
    } finally {
      process.execArgv.splice(process.execArgv.length - added.length, added.length);
    }
  });
});

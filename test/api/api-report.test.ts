/**
 * The pinned public surface: each package's compiled entry point matches its
 * committed API report in etc/ (API Extractor; see etc/api-report.ts). A
 * deliberate API change needs `pnpm api:update` and a reviewed diff of etc/.
 *
 * The reports are made from dist/*.d.ts, so this test first runs `tsc -b`
 * (incremental: about a second when nothing changed).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ENTRIES, checkEntry } from '../../etc/api-report.js';

const root = join(import.meta.dirname, '..', '..');

describe('public API reports (etc/*.api.md)', () => {
  let buildOutput = '';

  beforeAll(async () => {
    // tsc -b emits even when a project has type errors; those are shown if a report then fails.
    buildOutput = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsc'), ['-b'], {
      cwd: root,
      timeout: 120_000,
    })
      .then(() => '')
      .catch((error: { stdout?: string }) => error.stdout ?? String(error));
  }, 120_000);

  it.each(API_ENTRIES.map((entry) => [entry.report, entry] as const))('%s matches its report', (_name, entry) => {
    const result = checkEntry(entry, 'check');
    const explanation = `${result.status}:\n${result.details}${buildOutput ? `\n\ntsc -b reported:\n${buildOutput}` : ''}\n\nIf the change is deliberate, run \`pnpm api:update\` and commit etc/.`;
    // Core and charts always have a public API; scenario and cli are skipped while they export nothing.
    const allowed = entry.report === 'scenario' || entry.report === 'cli' ? ['unchanged', 'skipped'] : ['unchanged'];
    expect(allowed, explanation).toContain(result.status);
  });
});

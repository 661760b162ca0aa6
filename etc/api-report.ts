/**
 * The pinned public surface: API Extractor records what each package's
 * compiled entry point (dist/…/index.d.ts) exports, as a signature report in
 * etc/<name>.api.md, committed with the code.
 *
 *   pnpm api:check    fails when a package's public API differs from its report
 *   pnpm api:update   rewrites the reports (after a deliberate change: review the diff)
 *
 * Both need `tsc -b` output in dist/ (`pnpm build`). Doc comments are not part
 * of a report, so editing TSDoc changes one only when an export gets its first
 * doc comment (its `(undocumented)` mark goes). Shared settings are in
 * etc/api-extractor.json.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Extractor, ExtractorConfig, type ExtractorMessage } from '@microsoft/api-extractor';

const root = join(import.meta.dirname, '..');
const etc = import.meta.dirname;

/** One pinned entry point. */
export interface ApiEntry {
  /** Report name: etc/<report>.api.md. */
  report: string;
  /** The package folder, from the repository root. */
  packageDir: string;
  /** The compiled entry point, from the package folder. */
  entry: string;
}

/** Every entry point in a package's `exports` map, by package. */
export const API_ENTRIES: readonly ApiEntry[] = [
  { report: 'core', packageDir: 'packages/core', entry: 'dist/index.d.ts' },
  { report: 'charts', packageDir: 'packages/charts', entry: 'dist/index.d.ts' },
  { report: 'charts-node', packageDir: 'packages/charts', entry: 'dist/node/index.d.ts' },
  { report: 'format', packageDir: 'packages/format', entry: 'dist/index.d.ts' },
  { report: 'scenario', packageDir: 'packages/scenario', entry: 'dist/index.d.ts' },
  { report: 'outputs', packageDir: 'packages/outputs', entry: 'dist/index.d.ts' },
  { report: 'runner', packageDir: 'packages/runner', entry: 'dist/index.d.ts' },
  { report: 'analysis', packageDir: 'packages/analysis', entry: 'dist/index.d.ts' },
  { report: 'cli', packageDir: 'packages/cli', entry: 'dist/index.d.ts' },
];

/** What happened to one entry. */
export interface ApiResult {
  report: string;
  status: 'unchanged' | 'changed' | 'updated' | 'skipped' | 'error';
  /** Details: why it was skipped, the diff, or the errors. */
  details: string;
}

/** Runs API Extractor on one entry; with `update`, rewrites its report. */
export function checkEntry(entry: ApiEntry, mode: 'check' | 'update'): ApiResult {
  const reportPath = join(etc, `${entry.report}.api.md`);
  const entryPath = join(root, entry.packageDir, entry.entry);
  if (!existsSync(entryPath)) {
    return {
      report: entry.report,
      status: 'error',
      details: `${relative(root, entryPath)} is missing: run \`pnpm build\` (tsc -b) first`,
    };
  }
  // A package still at its placeholder (`export {};`) has no public API to pin yet.
  if (
    readFileSync(entryPath, 'utf8')
      .replace(/\/\/.*$/gm, '')
      .trim() === 'export {};'
  ) {
    return { report: entry.report, status: 'skipped', details: `${relative(root, entryPath)} exports nothing yet` };
  }
  if (mode === 'check' && !existsSync(reportPath)) {
    return {
      report: entry.report,
      status: 'error',
      details: `no etc/${entry.report}.api.md yet: run \`pnpm api:update\` and commit it`,
    };
  }
  const temp = mkdtempSync(join(tmpdir(), 'chokepoint-api-'));
  try {
    const configObject = ExtractorConfig.loadFile(join(etc, 'api-extractor.json'));
    configObject.projectFolder = join(root, entry.packageDir);
    configObject.mainEntryPointFilePath = entryPath;
    configObject.compiler = { tsconfigFilePath: join(root, entry.packageDir, 'tsconfig.json') };
    configObject.apiReport = {
      ...configObject.apiReport!,
      reportFileName: `${entry.report}.api.md`,
      reportFolder: etc,
      reportTempFolder: temp,
    };
    const config = ExtractorConfig.prepare({
      configObject,
      configObjectFullPath: join(etc, 'api-extractor.json'),
      packageJsonFullPath: join(root, entry.packageDir, 'package.json'),
    });
    const messages: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: mode === 'update',
      messageCallback: (message: ExtractorMessage) => {
        // The report change itself is what this script reports; everything else is collected.
        if (
          message.messageId !== 'console-api-report-changed' &&
          message.messageId !== 'console-api-report-not-copied' &&
          (message.logLevel === 'error' || message.logLevel === 'warning')
        ) {
          messages.push(message.formatMessageWithLocation(root));
        }
        message.handled = true;
      },
    });
    if (result.errorCount > 0) return { report: entry.report, status: 'error', details: messages.join('\n') };
    if (!result.apiReportChanged) return { report: entry.report, status: 'unchanged', details: messages.join('\n') };
    if (mode === 'update') return { report: entry.report, status: 'updated', details: messages.join('\n') };
    const fresh = readFileSync(join(temp, `${entry.report}.api.md`), 'utf8');
    const committed = readFileSync(reportPath, 'utf8');
    // TypeScript prints the members of inferred object and union types (zod schemas) in an order
    // that depends on type-creation order, which differs between builds; the same lines in
    // another order are the same API.
    if (sameLines(committed, fresh)) return { report: entry.report, status: 'unchanged', details: messages.join('\n') };
    return { report: entry.report, status: 'changed', details: lineDiff(committed, fresh) };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Whether two reports hold the same lines, in any order. */
export function sameLines(a: string, b: string): boolean {
  const sort = (text: string): string =>
    text
      .split('\n')
      .map((line) => line.trimEnd())
      .sort()
      .join('\n');
  return sort(a) === sort(b);
}

/** The lines only in the committed report (-) and only in the fresh one (+). */
export function lineDiff(committed: string, fresh: string): string {
  const before = committed.split('\n');
  const after = fresh.split('\n');
  const inAfter = new Set(after);
  const inBefore = new Set(before);
  return [
    ...before.filter((l) => !inAfter.has(l)).map((l) => `- ${l}`),
    ...after.filter((l) => !inBefore.has(l)).map((l) => `+ ${l}`),
  ].join('\n');
}

function main(): void {
  const mode = process.argv.includes('--update') ? 'update' : 'check';
  let failed = false;
  for (const entry of API_ENTRIES) {
    const result = checkEntry(entry, mode);
    const label = `${result.report}`.padEnd(12);
    console.log(`${label} ${result.status}`);
    if (result.details !== '') console.log(result.details.replace(/^/gm, '    '));
    if (result.status === 'error' || result.status === 'changed') failed = true;
  }
  if (failed && mode === 'check') {
    console.log(
      '\nThe public API differs from etc/*.api.md. If the change is deliberate, run `pnpm api:update` and commit the reports.',
    );
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();

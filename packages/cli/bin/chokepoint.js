#!/usr/bin/env node
// The chokepoint command. Runs the compiled CLI (dist/main.js); in a source checkout
// without a build (or with CHOKEPOINT_FROM_SOURCE=1) it runs the TypeScript through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Tells the CLI (here or in the child below) that the package manager ran this bin, so that
// under `pnpm exec` it suggests `pnpm exec chokepoint …` (see invocationCommand in src/shared.ts).
process.env.CHOKEPOINT_VIA_BIN = '1';

const dist = new URL('../dist/main.js', import.meta.url);
if (existsSync(fileURLToPath(dist)) && !process.env.CHOKEPOINT_FROM_SOURCE) {
  await import(dist.href);
} else {
  let tsx = 'tsx';
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    // Resolved from the working directory instead.
  }
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--conditions=source', '--import', tsx, main, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? (child.signal === 'SIGINT' ? 130 : 1));
}

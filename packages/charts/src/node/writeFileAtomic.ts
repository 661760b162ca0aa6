import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes a file atomically: to a temporary file beside it, then renames it over the
 * target, so a reader never sees half a file and an interrupted write leaves the old one.
 *
 * @example
 * ```ts
 * import { readdirSync, readFileSync } from 'node:fs';
 * await writeFileAtomic('runs/qs/note.txt', 'Short run for the examples.');
 * console.log(readFileSync('runs/qs/note.txt', 'utf8'), readdirSync('runs/qs').some((f) => f.endsWith('.tmp'))); // Short run for the examples. false
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

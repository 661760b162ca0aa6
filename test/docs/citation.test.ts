/**
 * CITATION.cff is valid Citation File Format 1.2.0 (the keys of the format, its required keys,
 * well-formed authors) and names the version the packages carry, which is the version every
 * run's manifest.json records; the README says how to cite a run with it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

/** The top-level keys of CFF 1.2.0 (https://github.com/citation-file-format/citation-file-format, schema.json). */
const CFF_KEYS = [
  'abstract', 'authors', 'cff-version', 'commit', 'contact', 'date-released', 'doi', 'identifiers', 'keywords', 'license',
  'license-url', 'message', 'preferred-citation', 'references', 'repository', 'repository-artifact', 'repository-code',
  'title', 'type', 'url', 'version',
];
const REQUIRED = ['authors', 'cff-version', 'message', 'title'];

const text = readFileSync(join(root, 'CITATION.cff'), 'utf8');
const cff = parse(text) as Record<string, unknown>;

describe('CITATION.cff', () => {
  it('parses as YAML into a mapping', () => {
    expect(cff).toBeTypeOf('object');
    expect(Array.isArray(cff)).toBe(false);
  });

  it('has the required keys of CFF 1.2.0 and no key the format does not define', () => {
    for (const key of REQUIRED) expect(cff, key).toHaveProperty([key]);
    expect(Object.keys(cff).filter((key) => !CFF_KEYS.includes(key))).toEqual([]);
    expect(cff['cff-version']).toBe('1.2.0');
    expect(['software', 'dataset']).toContain(cff.type ?? 'software');
    for (const key of ['message', 'title', 'abstract']) if (cff[key] !== undefined) expect(String(cff[key]).trim().length, key).toBeGreaterThan(0);
  });

  it('lists authors as CFF persons or entities', () => {
    const authors = cff.authors as Array<Record<string, unknown>>;
    expect(Array.isArray(authors) && authors.length).toBeGreaterThan(0);
    for (const author of authors) {
      const person = typeof author['family-names'] === 'string' || typeof author['given-names'] === 'string';
      const entity = typeof author.name === 'string' && author.name.length > 0;
      expect(person || entity, JSON.stringify(author)).toBe(true);
    }
  });

  it("has package.json's version (a string) and license", () => {
    const pkg = json('package.json');
    expect(cff.version).toBe(pkg.version);
    expect(cff.license).toBe(pkg.license);
  });

  it('names the version every run records: each package has the same one', () => {
    // manifest.json records @chokepoint/scenario's version; the CLI prints @chokepoint/cli's.
    for (const name of ['core', 'scenario', 'charts', 'cli']) expect(json(`packages/${name}/package.json`).version, name).toBe(cff.version);
  });

  it('is what the README tells a reader to cite, with the manifest version and commit', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## How to cite'));
    expect(section.length).toBeLessThan(readme.length);
    expect(section).toContain('CITATION.cff');
    expect(section).toContain('manifest.json');
    expect(section).toMatch(/"version"/);
    expect(section).toMatch(/"commit"/);
  });
});

/*
 * The page's state (the scenario's path and text) in the URL hash and in localStorage, so
 * a link reproduces the page. The hash is `#s=` + base64url of the deflated JSON
 * (CompressionStream, built into browsers), so a long scenario makes a short enough link.
 */

/** What a link carries. */
export interface PlaygroundState {
  /** Path of the edited file from the repository root: `extends:` and refs resolve from it. */
  path: string;
  /** The scenario text. */
  text: string;
}

const STORAGE_KEY = 'chokepoint-playground';

async function pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function isState(value: unknown): value is PlaygroundState {
  const v = value as PlaygroundState | null;
  return typeof v === 'object' && v !== null && typeof v.path === 'string' && typeof v.text === 'string';
}

/** The hash for a state: `#s=…`. */
export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ path: state.path, text: state.text }));
  return `#s=${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

/** The state of a hash made by {@link encodeState}; undefined when it holds none or is damaged. */
export async function decodeState(hash: string): Promise<PlaygroundState | undefined> {
  const match = /^#?s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (match === null) return undefined;
  try {
    const json = await pipe(fromBase64Url(match[1]!), new DecompressionStream('deflate-raw'));
    const value: unknown = JSON.parse(new TextDecoder().decode(json));
    return isState(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The state kept in localStorage, if any. */
export function storedState(): PlaygroundState | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return isState(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the state in the URL (replacing the history entry) and in localStorage. */
export async function saveState(state: PlaygroundState): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Storage full or disabled: the URL still carries the state.
  }
  const hash = await encodeState(state);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

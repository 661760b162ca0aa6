/**
 * SHA-256 in hex, of text (as UTF-8) or bytes: @noble/hashes, which runs the same in Node and
 * in a browser, synchronously (the Web Crypto digest is asynchronous).
 */
import { sha256 as digest } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The SHA-256 of `data` in hex; text is hashed as its UTF-8 bytes.
 *
 * @internal
 */
export function sha256(data: string | Uint8Array): string {
  return bytesToHex(digest(typeof data === 'string' ? utf8ToBytes(data) : data));
}

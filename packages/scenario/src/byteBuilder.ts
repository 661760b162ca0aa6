/**
 * A growable byte buffer for writing large text files without building strings: the
 * constant parts of rows are encoded once and copied as bytes, and numbers are written
 * character by character. Building a part file this way avoids the long chains of
 * concatenated strings (and their flattening and encoding on write) that dominated the
 * cost of a run's output.
 */
export class ByteBuilder {
  private buffer: Uint8Array;
  private used = 0;
  private static readonly encoder = new TextEncoder();

  /** @param capacity - Initial size in bytes; the buffer doubles when full. */
  constructor(capacity = 1 << 16) {
    this.buffer = new Uint8Array(Math.max(16, capacity));
  }

  /** UTF-8 bytes of a string, for parts that are appended many times. */
  static encode(text: string): Uint8Array {
    return ByteBuilder.encoder.encode(text);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.used;
  }

  private reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
  }

  /** Appends bytes. */
  bytes(data: Uint8Array): void {
    const n = data.length;
    this.reserve(n);
    if (n > 64) {
      this.buffer.set(data, this.used);
    } else {
      // Short pieces (a row's fields) copy faster in a loop than through TypedArray#set.
      const buffer = this.buffer;
      let at = this.used;
      for (let i = 0; i < n; i++) buffer[at++] = data[i]!;
    }
    this.used += n;
  }

  /**
   * Appends a string whose characters are all ASCII (as `String(number)` always is); other
   * characters would be truncated to one byte, so use {@link ByteBuilder.encode} for those.
   */
  ascii(text: string): void {
    const n = text.length;
    this.reserve(n);
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < n; i++) buffer[at++] = text.charCodeAt(i);
    this.used = at;
  }

  /** The bytes written so far (a view, valid until the next append). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  /** Forgets the contents and keeps the memory. */
  clear(): void {
    this.used = 0;
  }
}

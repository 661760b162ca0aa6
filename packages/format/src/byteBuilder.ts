/**
 * A growable byte buffer for writing large text files without building strings: the
 * constant parts of rows are encoded once and copied as bytes. Building a part file this way avoids the long chains of
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
    this.reserve(data.length);
    this.buffer.set(data, this.used);
    this.used += data.length;
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBuilder } from '../src/byteBuilder.js';

describe('ByteBuilder', () => {
  it('holds exactly the UTF-8 bytes of what was appended, across growth (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 200 }), fc.double().map(String)), { maxLength: 60 }),
        fc.integer({ min: 1, max: 64 }),
        (pieces, capacity) => {
          const builder = new ByteBuilder(capacity);
          for (const piece of pieces) builder.bytes(ByteBuilder.encode(piece));
          const expected = new TextEncoder().encode(pieces.join(''));
          expect(builder.length).toBe(expected.length);
          expect(Buffer.from(builder.view()).equals(Buffer.from(expected))).toBe(true);
        },
      ),
    );
  });

  it('clear() empties it for reuse', () => {
    const builder = new ByteBuilder(4);
    builder.bytes(ByteBuilder.encode('12345678'));
    builder.clear();
    builder.bytes(ByteBuilder.encode('é,'));
    expect(new TextDecoder().decode(builder.view())).toBe('é,');
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { frameWire, parseWireHeader } from './wire-format';

const poisonCode = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).retryable).toBe(false);
    return (err as AppError).code;
  }
  throw new Error('expected a poison error');
};

describe('wire format', () => {
  it('frames magic byte, big-endian id and payload', () => {
    const framed = frameWire(0x01020304, Buffer.from([0xaa, 0xbb]));
    expect([...framed]).toEqual([0, 1, 2, 3, 4, 0xaa, 0xbb]);
  });

  it('round-trips', () => {
    const payload = Buffer.from('hello');
    for (const id of [0, 1, 42, 0x7fffffff]) {
      const parsed = parseWireHeader(frameWire(id, payload));
      expect(parsed.schemaId).toBe(id);
      expect(parsed.payload.equals(payload)).toBe(true);
    }
    expect(parseWireHeader(frameWire(7, Buffer.alloc(0))).payload.length).toBe(0);
  });

  it('rejects ids that do not fit', () => {
    for (const id of [-1, 1.5, 0x80000000, Number.NaN]) {
      expect(() => frameWire(id, Buffer.alloc(0))).toThrow(RangeError);
    }
  });

  it('treats short buffers and a wrong magic byte as poison', () => {
    expect(poisonCode(() => parseWireHeader(Buffer.alloc(0)))).toBe('WIRE_FORMAT_INVALID');
    expect(poisonCode(() => parseWireHeader(Buffer.from([0, 0, 0, 1])))).toBe('WIRE_FORMAT_INVALID');
    expect(poisonCode(() => parseWireHeader(Buffer.from('{"json":true}')))).toBe('WIRE_FORMAT_INVALID');
  });
});

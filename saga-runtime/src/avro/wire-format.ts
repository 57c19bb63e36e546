import { AppError } from '../errors';

// Confluent wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian
// integer, then the Avro binary encoding.
export const MAGIC_BYTE = 0;
export const WIRE_HEADER_LENGTH = 5;
const MAX_SCHEMA_ID = 0x7f_ff_ff_ff;

export interface WireMessage {
  schemaId: number;
  payload: Buffer;
}

export function frameWire(schemaId: number, payload: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > MAX_SCHEMA_ID) {
    throw new RangeError(`Schema id must be a non-negative 32-bit integer, got ${schemaId}`);
  }
  const header = Buffer.alloc(WIRE_HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, payload]);
}

/** Splits a message into schema id and payload; anything not in the wire format is poison. */
export function parseWireHeader(buffer: Buffer): WireMessage {
  if (buffer.length < WIRE_HEADER_LENGTH) {
    throw AppError.poison(
      'WIRE_FORMAT_INVALID',
      `Message is ${buffer.length} bytes, shorter than the ${WIRE_HEADER_LENGTH}-byte wire format header`,
    );
  }
  const magic = buffer.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw AppError.poison('WIRE_FORMAT_INVALID', `Message starts with byte ${magic}, expected magic byte 0`);
  }
  return { schemaId: buffer.readUInt32BE(1), payload: buffer.subarray(WIRE_HEADER_LENGTH) };
}

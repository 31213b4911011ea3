/**
 * Length-prefixed frames over a pipe: 4 bytes of length (little-endian), then a v8-serialized
 * value (structured clone: typed arrays, NaN and −0 survive; no code, no prototypes).
 *
 * The reader caps the size of one frame, so a runner that sends a 4 GB "reply" is stopped at
 * the header instead of filling the grader's memory.
 */
import * as v8 from "v8";

export const HEADER_BYTES = 4;

export function encodeFrame(value: unknown): Buffer {
  const body = v8.serialize(value);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

export class FrameTooLarge extends Error {
  constructor(readonly bytes: number, readonly limit: number) {
    super(`a message of ${bytes} bytes exceeds the limit of ${limit} bytes`);
  }
}

/** Accumulates chunks and yields whole frames, decoded. Throws FrameTooLarge or a decode error. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: unknown[] = [];
    for (;;) {
      if (this.buffered < HEADER_BYTES) break;
      // Join the chunks only once a whole frame is there: a large frame arrives in many chunks.
      const head = this.chunks[0].length >= HEADER_BYTES ? this.chunks[0] : Buffer.concat(this.chunks);
      const length = head.readUInt32LE(0);
      if (length > this.maxFrameBytes) throw new FrameTooLarge(length, this.maxFrameBytes);
      if (this.buffered < HEADER_BYTES + length) break;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const body = all.subarray(HEADER_BYTES, HEADER_BYTES + length);
      frames.push(v8.deserialize(body));
      const rest = all.subarray(HEADER_BYTES + length);
      this.chunks = rest.length ? [Buffer.from(rest)] : [];
      this.buffered = rest.length;
    }
    return frames;
  }
}

// Reads named entries out of a zip archive (a Python wheel) held in memory: the central
// directory gives each entry's place; stored and deflated entries are supported, zip64 is not
// (wheels of a few hundred MB never need it).
import { inflateRawSync } from 'node:zlib';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Thrown for archives this reader cannot read. */
export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function centralDirectory(zip: Buffer): CentralEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i -= 1) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end-of-central-directory record: not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new ZipFormatError('zip64 archives are not supported');
  const entries: CentralEntry[] = [];
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new ZipFormatError(`central directory entry ${n} is damaged`);
    }
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Names of every entry of the archive, in archive order. */
export function listZipEntries(zip: Uint8Array): string[] {
  return centralDirectory(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)).map((e) => e.name);
}

/**
 * Extracts the named entries. Returns a map from name to content; names not in the archive
 * are absent from the map.
 * @throws ZipFormatError when the archive is damaged or uses an unsupported feature
 */
export function readZipEntries(zip: Uint8Array, names: readonly string[]): Map<string, Buffer> {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const wanted = new Set(names);
  const out = new Map<string, Buffer>();
  for (const e of centralDirectory(buf)) {
    if (!wanted.has(e.name)) continue;
    if (buf.readUInt32LE(e.localOffset) !== LOCAL_SIGNATURE) throw new ZipFormatError(`local header of ${e.name} is damaged`);
    const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
    const raw = buf.subarray(start, start + e.compressedSize);
    let data: Buffer;
    if (e.method === 0) data = Buffer.from(raw);
    else if (e.method === 8) data = inflateRawSync(raw);
    else throw new ZipFormatError(`${e.name} uses compression method ${e.method}; only stored and deflate are supported`);
    if (data.length !== e.size) throw new ZipFormatError(`${e.name} inflates to ${data.length} bytes, ${e.size} expected`);
    out.set(e.name, data);
  }
  return out;
}

import { Readable } from 'node:stream';
import { sha256Hex } from '@embedding-studio/primitives';
import { assertArtifactIntegrity, integrityCheckedStream } from './checksum.js';

const text = (s: string) => new TextEncoder().encode(s);
const SHA_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

async function drain(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += Buffer.from(chunk as Buffer).toString('utf8');
  return out;
}

describe('checksums', () => {
  it('computes the FIPS 180-2 test vector for "abc"', () => {
    expect(sha256Hex(text('abc'))).toBe(SHA_ABC);
  });

  it('assertArtifactIntegrity reports a size or digest mismatch', () => {
    expect(() => assertArtifactIntegrity({ key: 'k', size: 3, sha256: SHA_ABC }, text('abc'))).not.toThrow();
    expect(() => assertArtifactIntegrity({ key: 'k', size: 4, sha256: SHA_ABC }, text('abc'))).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_STORE_INTEGRITY', category: 'internal', details: { key: 'k', expectedSize: 4, actualSize: 3 } }),
    );
    expect(() => assertArtifactIntegrity({ key: 'k', size: 3, sha256: SHA_ABC }, text('abd'))).toThrow(
      /^Artifact "k" failed its integrity check: expected sha256 ba7816bf.*, read a52d159f.*put it again from its source\.$/,
    );
  });

  it('passes matching bytes through unchanged', async () => {
    const stream = integrityCheckedStream({ key: 'k', size: 3, sha256: SHA_ABC }, Readable.from([Buffer.from('a'), Buffer.from('bc')]));
    expect(await drain(stream)).toBe('abc');
  });

  it('fails at the end when the bytes differ', async () => {
    const stream = integrityCheckedStream({ key: 'k', size: 3, sha256: SHA_ABC }, Readable.from([Buffer.from('abd')]));
    await expect(drain(stream)).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY', details: { key: 'k', expectedSha256: SHA_ABC } });
    const short = integrityCheckedStream({ key: 'k', size: 5, sha256: SHA_ABC }, Readable.from([Buffer.from('abc')]));
    await expect(drain(short)).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY', details: { expectedSize: 5, actualSize: 3 } });
  });

  it('forwards a source error and destroys the source when the reader stops early', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(drain(integrityCheckedStream({ key: 'k', size: 3, sha256: SHA_ABC }, failing))).rejects.toThrow('disk gone');

    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
      },
    });
    const checked = integrityCheckedStream({ key: 'k', size: 3, sha256: SHA_ABC }, endless);
    for await (const _chunk of checked) break;
    await new Promise((r) => setImmediate(r));
    expect(endless.destroyed).toBe(true);
  });
});

import { makeZip } from './testing/zip-fixture.js';
import { listZipEntries, readZipEntries, ZipFormatError } from './zip.js';

describe('readZipEntries', () => {
  const text = Buffer.from('hello hello hello hello wheel '.repeat(50));
  const zip = makeZip([
    { name: 'pkg/__init__.py', data: Buffer.from('x = 1\n'), deflate: false },
    { name: 'pkg/model/tokenizer.json', data: text, deflate: true },
    { name: 'pkg-0.1.dist-info/RECORD', data: Buffer.from('r'), deflate: true },
  ]);

  it('lists entries in archive order', () => {
    expect(listZipEntries(zip)).toEqual(['pkg/__init__.py', 'pkg/model/tokenizer.json', 'pkg-0.1.dist-info/RECORD']);
  });

  it('extracts stored and deflated entries by name, ignoring names not asked for or absent', () => {
    const out = readZipEntries(zip, ['pkg/model/tokenizer.json', 'pkg/__init__.py', 'missing.txt']);
    expect([...out.keys()].sort()).toEqual(['pkg/__init__.py', 'pkg/model/tokenizer.json']);
    expect(out.get('pkg/__init__.py')?.toString()).toBe('x = 1\n');
    expect(out.get('pkg/model/tokenizer.json')?.equals(text)).toBe(true);
  });

  it('rejects bytes that are not a zip archive', () => {
    expect(() => readZipEntries(Buffer.from('not a zip at all, just some text to scan'), ['a'])).toThrow(ZipFormatError);
  });

  it('rejects damaged entries', () => {
    const damaged = Buffer.from(zip);
    damaged.writeUInt32LE(0, 0); // first local header signature
    expect(() => readZipEntries(damaged, ['pkg/__init__.py'])).toThrow(/local header of pkg\/__init__.py is damaged/);
  });
});

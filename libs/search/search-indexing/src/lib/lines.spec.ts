import { splitLines, type SourceLine } from './lines.js';

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect(it: AsyncIterable<SourceLine>): Promise<SourceLine[]> {
  const out: SourceLine[] = [];
  for await (const l of it) out.push(l);
  return out;
}

describe('splitLines', () => {
  const text = '{"a":"é"}\r\n{"b":"日本"}\n\n{"c":1}';
  const bytes = new TextEncoder().encode(text);

  it.each([1, 2, 3, 5, 64])('gives the same lines and byte offsets for chunks of %i bytes', async (size) => {
    const lines = await collect(splitLines(chunksOf(bytes, size), 0, 0));
    expect(lines.map((l) => l.text)).toEqual(['{"a":"é"}', '{"b":"日本"}', '', '{"c":1}']);
    expect(lines.map((l) => l.number)).toEqual([1, 2, 3, 4]);
    expect(lines.at(-1)?.end).toBe(bytes.length);
  });

  it('resumes from any line end with the same remaining lines and numbers', async () => {
    const all = await collect(splitLines(chunksOf(bytes, 4), 0, 0));
    for (const at of all) {
      const rest = await collect(splitLines(chunksOf(bytes.slice(at.end), 3), at.end, at.number));
      expect(rest).toEqual(all.filter((l) => l.number > at.number));
    }
  });
});

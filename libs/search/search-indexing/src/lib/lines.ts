/** One line of a JSONL unit: its text, its 1-based number and the byte offset just after it. */
export interface SourceLine {
  text: string;
  number: number;
  end: number;
}

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8');

/**
 * Splits a byte stream that starts at `offset` (just after line `line`) into lines. Works on bytes,
 * so a multi-byte character cut between chunks is decoded whole and every `end` is an exact byte
 * offset to resume from. A last line without a newline ends at the end of the stream. A `\r`
 * before the newline is dropped.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, offset: number, line: number): AsyncGenerator<SourceLine> {
  let pending: Uint8Array = new Uint8Array(0);
  let start = offset;
  let number = line;
  const emit = (bytes: Uint8Array, end: number): SourceLine => {
    number += 1;
    let text = decoder.decode(bytes);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { text, number, end };
  };
  for await (const chunk of chunks) {
    let buf: Uint8Array;
    if (pending.length === 0) buf = chunk;
    else {
      buf = new Uint8Array(pending.length + chunk.length);
      buf.set(pending, 0);
      buf.set(chunk, pending.length);
    }
    let from = 0;
    for (let nl = buf.indexOf(NEWLINE, from); nl !== -1; nl = buf.indexOf(NEWLINE, from)) {
      const end = start + (nl + 1 - from);
      yield emit(buf.subarray(from, nl), end);
      start = end;
      from = nl + 1;
    }
    pending = buf.slice(from);
  }
  if (pending.length > 0) yield emit(pending, start + pending.length);
}

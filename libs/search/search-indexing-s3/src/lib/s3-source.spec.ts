import { type GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { openS3JsonlSource, type S3SendClient } from './s3-source.js';

/** A two-page listing and ranged reads over one object, recording what was asked. */
function fakeClient(): S3SendClient & { ranges: Array<string | undefined> } {
  const body = new TextEncoder().encode('{"id":"a"}\n{"id":"b"}\n');
  const client = {
    ranges: [] as Array<string | undefined>,
    async send(command: ListObjectsV2Command | GetObjectCommand): Promise<unknown> {
      if (command instanceof ListObjectsV2Command) {
        return command.input.ContinuationToken
          ? { Contents: [{ Key: 'p/a.jsonl', Size: body.length }], IsTruncated: false }
          : { Contents: [{ Key: 'p/z.ndjson', Size: 3 }, { Key: 'p/skip.csv', Size: 1 }], IsTruncated: true, NextContinuationToken: 't' };
      }
      client.ranges.push(command.input.Range);
      const start = command.input.Range ? Number(/bytes=(\d+)-/.exec(command.input.Range)?.[1]) : 0;
      return {
        Body: (async function* () {
          yield body.slice(start);
        })(),
      };
    },
  };
  return client;
}

describe('openS3JsonlSource', () => {
  it('lists JSONL objects over every page, sorted, and reads from an offset with a ranged GET', async () => {
    const client = fakeClient();
    const source = await openS3JsonlSource(client, { buckets: ['imports'] }, { prefix: 'p/' });
    expect(source.name).toBe('s3://imports/p/');
    expect(await source.list()).toEqual([
      { key: 'p/a.jsonl', size: 22 },
      { key: 'p/z.ndjson', size: 3 },
    ]);
    const chunks: Uint8Array[] = [];
    for await (const c of source.open('p/a.jsonl', 11, new AbortController().signal)) chunks.push(c);
    expect(new TextDecoder().decode(chunks[0])).toBe('{"id":"b"}\n');
    for await (const c of source.open('p/a.jsonl', 0, new AbortController().signal)) chunks.push(c);
    expect(client.ranges).toEqual(['bytes=11-', undefined]);
  });
});

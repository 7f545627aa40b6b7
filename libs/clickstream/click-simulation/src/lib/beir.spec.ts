import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentText, sharedRelevantCount, parseCorpus, parseQrels, parseQueries, queriesWithRelevant, relevantDocs, restrictQrels } from './beir.js';
import { loadBeirDataset, sha256 } from './load-beir.js';

describe('BEIR parsing', () => {
  it('reads corpus and queries JSON lines', () => {
    const corpus = parseCorpus('{"_id": "1", "title": "T", "text": "body"}\n\n{"_id": 2, "text": "x"}\n');
    expect(corpus).toEqual([
      { id: '1', title: 'T', text: 'body' },
      { id: '2', title: '', text: 'x' },
    ]);
    expect(documentText(corpus[0] as never)).toBe('T body');
    expect(documentText(corpus[1] as never)).toBe('x');
    expect(parseQueries('{"_id":"0","text":"claim"}')).toEqual([{ id: '0', text: 'claim' }]);
  });

  it('rejects bad lines and duplicates with CLICK_SIMULATION_DATASET_INVALID', () => {
    const invalid = expect.objectContaining({ code: 'CLICK_SIMULATION_DATASET_INVALID' });
    expect(() => parseCorpus('{"_id":"1"}\n{oops')).toThrow(invalid);
    expect(() => parseCorpus('{"_id":"1"}\n{"_id":"1"}')).toThrow(invalid);
    expect(() => parseQueries('{"_id":"1","text":""}')).toThrow(invalid);
    expect(() => parseQueries('[1]')).toThrow(invalid);
  });

  it('reads qrels with a header, keeps zero grades as judged-not-relevant', () => {
    const q = parseQrels('query-id\tcorpus-id\tscore\n1\ta\t1\n1\tb\t0\n2\tc\t2\n3\td\t0\n');
    expect(q.get('1')).toEqual(
      new Map([
        ['a', 1],
        ['b', 0],
      ]),
    );
    expect(queriesWithRelevant(q)).toEqual(['1', '2']);
    expect(relevantDocs(q, '1')).toEqual(new Set(['a']));
    expect([...restrictQrels(q, ['2', 'nope']).keys()]).toEqual(['2']);
    expect(() => parseQrels('1\ta\n')).toThrow(expect.objectContaining({ code: 'CLICK_SIMULATION_DATASET_INVALID' }));
    expect(() => parseQrels('h\th\th\n1\ta\tx\n')).toThrow(/non-numeric/);
  });

  it('counts queries sharing a relevant doc with another query set', () => {
    const q = parseQrels('1\ta\t1\n2\tb\t1\n2\tc\t0\n3\tc\t1\n9\ta\t1\n9\tc\t0\n');
    expect(sharedRelevantCount(['1', '2', '3'], q, ['9'], q)).toBe(1); // only 1 (a); c is judged 0 for 9
  });
});

describe('dataset loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'beir-ds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a BEIR folder with hashes', () => {
    const ds = join(dir, 'mini');
    mkdirSync(join(ds, 'qrels'), { recursive: true });
    writeFileSync(join(ds, 'corpus.jsonl'), '{"_id":"d1","title":"","text":"a"}\n');
    writeFileSync(join(ds, 'queries.jsonl'), '{"_id":"q1","text":"b"}\n');
    writeFileSync(join(ds, 'qrels', 'train.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\n');
    const loaded = loadBeirDataset(ds);
    expect(loaded.name).toBe('mini');
    expect(loaded.corpus).toHaveLength(1);
    expect(loaded.corpusSha).toBe(sha256('{"_id":"d1","title":"","text":"a"}\n'));
  });

  it('fails with CLICK_SIMULATION_DATASET_NOT_FOUND naming the flag', () => {
    expect(() => loadBeirDataset(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'CLICK_SIMULATION_DATASET_NOT_FOUND', message: expect.stringContaining('--dataset') }));
    mkdirSync(join(dir, 'half'));
    writeFileSync(join(dir, 'half', 'corpus.jsonl'), '');
    expect(() => loadBeirDataset(join(dir, 'half'))).toThrow(/queries\.jsonl does not exist/);
  });
});

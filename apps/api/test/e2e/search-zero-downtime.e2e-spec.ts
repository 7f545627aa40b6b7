/**
 * @jest-environment <rootDir>/../../tools/jest/onnx-environment.js
 */
// Adapter deploys and a rollback under bounded concurrent search load: every request answers 200,
// and every answer's results are the ranking of the profile version it names.
import { jest } from '@jest/globals';
import { TOPICS, startSearchApi, towards, type SearchHarness } from './search-setup.js';

jest.setTimeout(180_000);

const ITEMS = TOPICS.map(([id, text]) => ({ id, text }));
const QUERIES = ['fruit', 'music', 'space travel', 'sports with a ball', 'baking', 'dairy food'];
const WORKERS = 6;

interface Answer {
  status: number;
  query: string;
  version?: number;
  adapter?: string;
  ids: string[];
}

let h: SearchHarness;
beforeAll(async () => {
  h = await startSearchApi('zero_downtime');
  for (const name of ['live', 'rehearsal']) {
    await h.http.post('/api/v1/collections').send({ name, fields_to_embed: ['text'] }).expect(201);
    await h.http.post(`/api/v1/collections/${name}/items`).send(ITEMS).expect(200);
  }
  await h.addAdapterModel('to-rocket', ...(Object.values(towards(await h.embedItem(ITEMS[4]!.text))) as [Float32Array, Float32Array]));
  await h.addAdapterModel('to-cheese', ...(Object.values(towards(await h.embedItem(ITEMS[9]!.text))) as [Float32Array, Float32Array]));
});
afterAll(async () => {
  await h?.close();
});

async function search(collection: string, query: string): Promise<Answer> {
  const res = await h.http.post('/api/v1/search').send({ collection, query, k: 5 });
  return { status: res.status, query, version: res.body?.model?.version, adapter: res.body?.model?.adapter_model_id ?? 'none', ids: (res.body?.results ?? []).map((r: { object_id: string }) => r.object_id) };
}

/** The ranking of every query under each adapter, measured on a quiet collection with the same items. */
async function rehearse(): Promise<Map<string, string>> {
  const expected = new Map<string, string>();
  const record = async (adapter: string): Promise<void> => {
    for (const q of QUERIES) {
      const a = await search('rehearsal', q);
      expect(a.adapter).toBe(adapter);
      expected.set(`${adapter}|${q}`, a.ids.join(','));
    }
  };
  await record('none');
  await h.http.post('/api/v1/models/to-rocket/deploy').send({ collection: 'rehearsal' }).expect(200);
  await record('to-rocket');
  await h.http.post('/api/v1/models/to-cheese/deploy').send({ collection: 'rehearsal' }).expect(200);
  await record('to-cheese');
  return expected;
}

it('serves every request with 200 and with the ranking of the version it names while deploys switch profiles', async () => {
  const expected = await rehearse();
  const answers: Answer[] = [];
  let stop = false;
  const load = Array.from({ length: WORKERS }, async (_, w) => {
    for (let i = 0; !stop; i++) answers.push(await search('live', QUERIES[(w + i) % QUERIES.length]!));
  });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await pause(500);
  await h.http.post('/api/v1/models/to-rocket/deploy').send({ collection: 'live' }).expect(200);
  await pause(700);
  await h.http.post('/api/v1/models/to-cheese/deploy').send({ collection: 'live' }).expect(200);
  await pause(700);
  await h.http.post('/api/v1/deployments/rollback').send({ collection: 'live', to_version: 1 }).expect(200);
  await pause(700);
  stop = true;
  await Promise.all(load);

  const adapterOf = new Map<number, string>(
    (await h.http.get('/api/v1/deployments').query({ collection: 'live' }).expect(200)).body.map((d: { version: number; adapter?: { model_id: string } }) => [
      d.version,
      d.adapter?.model_id ?? 'none',
    ]),
  );
  expect([...adapterOf.entries()].sort()).toEqual([
    [1, 'none'],
    [2, 'to-rocket'],
    [3, 'to-cheese'],
    [4, 'none'],
  ]);
  expect(answers.length).toBeGreaterThan(40);
  expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  const wrong = answers.filter((a) => adapterOf.get(a.version!) !== a.adapter || expected.get(`${a.adapter}|${a.query}`) !== a.ids.join(','));
  expect(wrong).toEqual([]);
  // Each version served traffic.
  expect(new Set(answers.map((a) => a.version))).toEqual(new Set([1, 2, 3, 4]));
  // The adapters really change rankings, so matching the named version's ranking means something.
  expect(QUERIES.some((q) => expected.get(`none|${q}`) !== expected.get(`to-rocket|${q}`))).toBe(true);
  expect(QUERIES.some((q) => expected.get(`to-cheese|${q}`) !== expected.get(`to-rocket|${q}`))).toBe(true);
});

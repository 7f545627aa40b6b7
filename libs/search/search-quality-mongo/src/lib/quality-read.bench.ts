// Not a test. Measures what the search-quality rollups cost and save on a MongoDB-protocol server.
//   MONGO_URL=mongodb://127.0.0.1:27017/ npx tsx --tsconfig tsconfig.base.json libs/search/search-quality-mongo/src/lib/quality-read.bench.ts [--sessions 20000] [--days 30] [--runs 5]
// Writes --sessions sessions (10 results, 30 % with a click) spread over --days days into a fresh
// database, and the hourly rollups of those days (2 versions), then times, median of --runs:
//   - GET /metrics/quality's read (the rollups of every hour, per version and merged by day);
//   - the alternative: reading every session of the range with its events (what the read would
//     cost without rollups);
//   - a fold pass of 50 logged writes to the current hour, and one log append (the per-write overhead).
import { parseArgs } from 'node:util';
import { createMongoConnection } from '@embedding-studio/mongo';
import { createQualityFolder, createQualityMetrics, rollupId, rollupsOfHour, type QualityEntry, type SearchRecord } from '@embedding-studio/search-quality';
import { createMongoQualityStore } from './mongo-quality-store.js';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '20000' }, days: { type: 'string', default: '30' }, runs: { type: 'string', default: '5' } } });
const n = Number(values.sessions);
const days = Number(values.days);
const runs = Number(values.runs);
const url = process.env['MONGO_URL'];
if (!url) throw new Error('set MONGO_URL (npm run services:up && eval "$(bash tools/services/services.sh env)")');

const HOUR = 3600;
const end = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
const start = end - days * 24 * HOUR;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function time(label: string, fn: () => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  let out: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    ms.push(performance.now() - t);
  }
  console.log(`${label.padEnd(58)} median ${median(ms).toFixed(1).padStart(8)} ms  (${ms.map((x) => x.toFixed(0)).join(', ')})${typeof out === 'string' ? `  ${out}` : ''}`);
}

const mongo = await createMongoConnection({ url, dbName: `bench_quality_${Date.now()}` });
try {
  const store = await createMongoQualityStore({ connection: mongo.connection });
  const records: SearchRecord[] = [];
  // The clickstream's collections, as clickstream-mongo lays them out.
  const sessions = mongo.connection.collection('clickstream_sessions');
  const events = mongo.connection.collection('clickstream_events');
  const t0 = performance.now();
  for (let from = 0; from < n; from += 1000) {
    const sDocs: Record<string, unknown>[] = [];
    const eDocs: Record<string, unknown>[] = [];
    for (let i = from; i < Math.min(n, from + 1000); i++) {
      const id = `s${i}`;
      const at = start + Math.floor((i / n) * days * 24 * HOUR);
      const shown = Array.from({ length: 10 }, (_, r) => `o${(i + r) % 97}`);
      const version = at < start + (days / 2) * 24 * HOUR ? 1 : 2;
      const clicked = i % 10 < 3 ? shown[i % 5] : undefined;
      sDocs.push({ _id: id, session_id: id, search_query: `q${i % 300}`, created_at: at, search_results: shown.map((object_id, r) => ({ object_id, rank: r + 1, meta: { text: 'x'.repeat(80) } })), search_meta: { collection: 'bench', profile_version: version, latency_ms: 5 + (i % 40) }, user_id: null, is_irrelevant: false, batch_id: 'bench', session_number: i + 1 });
      if (clicked) eDocs.push({ _id: `${id.length}:${id}:e`, session_id: id, event_id: 'e', object_id: clicked, event_type: 'click', created_at: at + 5, meta: null, batch_id: 'bench' });
      records.push({ session_id: id, version, created_at: at, latency_ms: 5 + (i % 40), shown, clicks: clicked ? [{ object_id: clicked, created_at: at + 5 }] : [], load_more: false, irrelevant: false });
    }
    await sessions.insertMany(sDocs as never[], { ordered: false });
    if (eDocs.length > 0) await events.insertMany(eDocs as never[], { ordered: false });
  }
  console.log(`wrote ${n} sessions over ${days} days in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const byHour = new Map<number, SearchRecord[]>();
  for (const r of records) byHour.set(Math.floor(r.created_at / HOUR) * HOUR, [...(byHour.get(Math.floor(r.created_at / HOUR) * HOUR) ?? []), r]);
  const rollups = [...byHour.entries()].flatMap(([hour, rs]) => rollupsOfHour('bench', hour, rs, Date.now()));
  // Written with inserts (the adapter's replaces are slower on FerretDB, and this is only set-up).
  await mongo.connection.collection('search_quality_rollups').insertMany(rollups.map((r) => ({ _id: rollupId(r.collection, r.version, r.hour), ...r })) as never[]);
  await mongo.connection.collection('search_quality_hours').insertMany([...byHour].map(([hour, rs]) => ({ _id: `bench:${hour}`, collection: 'bench', hour, sessions: rs })) as never[]);
  console.log(`wrote ${rollups.length} hourly rollups and ${byHour.size} hour states`);

  const metrics = createQualityMetrics({ rollups: store.rollups, deployments: async () => [] });
  const from = new Date(start * 1000).toISOString();
  const to = new Date(end * 1000).toISOString();
  let check = '';
  await time(`read ${days} days of hourly buckets, by version`, async () => {
    const r = await metrics.read({ collection: 'bench', from, to, by: 'version' });
    check = `searches ${r.series.reduce((s, x) => s + x.totals.searches, 0)}, buckets ${r.series.reduce((s, x) => s + x.buckets.length, 0)}`;
    return check;
  });
  await time(`read ${days} days of daily buckets, merged`, async () => metrics.read({ collection: 'bench', from, to, bucket: 'day' }));
  await time(`scan instead: every session of ${days} days with its events`, async () => {
    const found = await sessions.find({ 'search_meta.collection': 'bench', created_at: { $gte: start, $lt: end } }, { projection: { _id: 1, 'search_results.object_id': 1, search_meta: 1, created_at: 1 } }).toArray();
    const ids = found.map((d) => d._id);
    let clicks = 0;
    for (let i = 0; i < ids.length; i += 500) clicks += (await events.find({ session_id: { $in: ids.slice(i, i + 500) } }).toArray()).length;
    return `sessions ${found.length}, events ${clicks}`;
  });
  let pass = 0;
  const hour = end - HOUR;
  const writes = (): QualityEntry[] =>
    Array.from({ length: 50 }, (_, i) => {
      const session = { session_id: `new${pass}-${i % 10}`, collection: 'bench', version: 2, created_at: hour + 60, latency_ms: 8, shown: ['a', 'b', 'c'], irrelevant: false };
      return i < 10 ? { session } : { session, clicks: [{ event_id: `e${i}`, object_id: 'b', created_at: hour + 90 }] };
    });
  await time('fold pass: 50 logged writes (10 searches, 40 clicks) of the current hour', async () => {
    pass++;
    await store.log.append(writes());
    const r = await createQualityFolder({ ...store, owner: `bench${pass}` }).runOnce();
    return `entries ${r.entries}, rollups ${r.rollups}`;
  });
  await time('log one session write (the per-write overhead)', async () => store.log.append(writes().slice(0, 1)));
} finally {
  await mongo.connection.dropDatabase().catch(() => undefined);
  await mongo.close();
}

#!/usr/bin/env node
// Measures clickstream ingestion throughput of a running API.
//   node tools/bench/ingest.mjs [--url http://127.0.0.1:5000/api/v1] [--sessions 2000] [--events 5] [--concurrency 16] [--runs 3]
//                               [--key <API key with scope ingest>]
// Each run registers --sessions sessions (10 results each), then posts --events click events per
// session (one request per session), with --concurrency requests in flight. Prints per-run rates
// and the median.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:5000/api/v1' },
    sessions: { type: 'string', default: '2000' },
    events: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    runs: { type: 'string', default: '3' },
    key: { type: 'string' },
  },
});
const base = values.url.replace(/\/$/, '');
const n = Number(values.sessions);
const perSession = Number(values.events);
const concurrency = Number(values.concurrency);
const runs = Number(values.runs);
for (const [k, v] of Object.entries({ sessions: n, events: perSession, concurrency, runs })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer, got ${v}`);
}

const auth = values.key ? { authorization: `Bearer ${values.key}` } : {};

async function post(path, body) {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

async function pool(items, fn) {
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
      done++;
      if (process.stderr.isTTY && done % 100 === 0) process.stderr.write(`\r  ${done}/${items.length}`);
    }
  });
  await Promise.all(workers);
  if (process.stderr.isTTY) process.stderr.write('\r');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sessionRates = [];
const eventRates = [];
for (let run = 1; run <= runs; run++) {
  const tag = randomUUID().slice(0, 8);
  const sessions = Array.from({ length: n }, (_, i) => ({
    session_id: `bench-${tag}-${i}`,
    search_query: `query ${i % 500}`,
    search_results: Array.from({ length: 10 }, (_, r) => ({ object_id: `doc-${(i * 7 + r) % 5000}`, meta: { text: `document ${r}` } })),
  }));
  let t = performance.now();
  await pool(sessions, (s) => post('/clickstream/session', s));
  const sessionSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await pool(sessions, (s) =>
    post('/clickstream/session/events', {
      session_id: s.session_id,
      events: Array.from({ length: perSession }, (_, e) => ({ event_id: `e${e}`, object_id: s.search_results[e % 10].object_id })),
    }),
  );
  const eventSeconds = (performance.now() - t) / 1000;
  sessionRates.push(n / sessionSeconds);
  eventRates.push((n * perSession) / eventSeconds);
  console.log(`run ${run}: ${(n / sessionSeconds).toFixed(0)} sessions/s, ${((n * perSession) / eventSeconds).toFixed(0)} events/s (${n} sessions, ${n * perSession} events, concurrency ${concurrency})`);
}
console.log(`median: ${median(sessionRates).toFixed(0)} sessions/s, ${median(eventRates).toFixed(0)} events/s`);

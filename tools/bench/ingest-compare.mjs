#!/usr/bin/env node
// Side-by-side clickstream ingest: this API against the Python original (EmbeddingStudio 0.0.1),
// on one FerretDB this script starts, fresh databases per run, the same load, alternating order.
//   npm run bench:ingest -- [PEER_DIR] [--pairs 5] [--sessions 200] [--events 5] [--concurrency 8]
//                           [--bulk-sessions 5000] [--bulk-size 1000] [--bulk-concurrency 2] [--bulk-runs 3]
//                           [--warmup 50] [--skip-peer]
// PEER_DIR defaults to ../shared/peers/es0 (relative to the repository); run its setup.sh once.
// After each run it reads the database and counts every acknowledged session and event: each
// must be stored exactly once. It prints per-run figures, medians, the ratio and what was lost.
// Before each timed run, --warmup sessions (with their events) go through the same routes, untimed,
// so neither server is measured while it still compiles its code paths.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pairs: { type: 'string', default: '5' },
    sessions: { type: 'string', default: '200' },
    events: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    'bulk-sessions': { type: 'string', default: '5000' },
    'bulk-size': { type: 'string', default: '1000' },
    'bulk-concurrency': { type: 'string', default: '2' },
    'bulk-runs': { type: 'string', default: '3' },
    warmup: { type: 'string', default: '50' },
    'skip-peer': { type: 'boolean', default: false },
  },
});
const num = (k) => {
  const v = Number(values[k]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${k} must be a non-negative integer, got ${values[k]}`);
  return v;
};
const cfg = {
  pairs: num('pairs'),
  sessions: num('sessions'),
  events: num('events'),
  concurrency: num('concurrency'),
  bulkSessions: num('bulk-sessions'),
  bulkSize: num('bulk-size'),
  bulkConcurrency: num('bulk-concurrency'),
  bulkRuns: num('bulk-runs'),
  warmup: num('warmup'),
};
const peerDir = resolve(repo, positionals[0] ?? '../shared/peers/es0');
const log = (...a) => console.error('[bench:ingest]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });

const run = (cmd, args, env = {}) =>
  new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });

async function waitForPing(url, child, seconds = 180) {
  for (let i = 0; i < seconds * 4; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering ${url}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  for (let i = 0; i < 60 && child.exitCode === null; i++) await sleep(250);
  if (child.exitCode === null) child.kill('SIGKILL');
}

// ---- CPU accounting (Linux /proc): seconds of CPU a process tree used ---------------------

const TICKS = 100;
function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICKS };
  } catch {
    return null;
  }
}
function treeCpu(root) {
  const all = new Map();
  for (const name of readdirSync('/proc')) if (/^\d+$/.test(name)) all.set(Number(name), procStat(Number(name)));
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    total += all.get(pid)?.cpu ?? 0;
    for (const [child, st] of all) if (st?.ppid === pid) stack.push(child);
  }
  return total;
}

// ---- the systems --------------------------------------------------------------------------

async function startOurs(mongoUrl, db, artifacts) {
  const port = await freePort();
  const child = spawn(join(repo, 'node_modules/.bin/tsx'), ['--tsconfig', 'tsconfig.base.json', 'apps/api/src/main.ts'], {
    cwd: repo,
    env: {
      ...process.env,
      MONGO_URL: mongoUrl,
      MONGO_DB_NAME: db,
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      ARTIFACTS_BACKEND: 'fs',
      ARTIFACTS_DIR: artifacts,
      LOG_LEVEL: 'warn',
      // Like the original: no keys and no rate limits (the cost of the door is measured apart).
      ES_AUTH: 'off',
      API_RATE_LIMIT_ADDRESS_PER_SEC: '0',
      API_RATE_LIMIT_KEY_PER_SEC: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  await waitForPing(`${base}/ping`, child);
  return { base, pid: child.pid, stop: () => stop(child) };
}

async function startPeer(mongoUrl, db) {
  const port = await freePort();
  const pid = Number((await run('bash', [join(peerDir, 'run.sh'), String(port), db], { MONGO_URL: mongoUrl, ES0_STRIP_PARTIAL: '1' })).trim());
  const alive = { exitCode: null };
  const base = `http://127.0.0.1:${port}/api/v1`;
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch {
      alive.exitCode = 1;
    }
  }, 500);
  try {
    await waitForPing(`${base}/ping`, alive);
  } finally {
    clearInterval(timer);
  }
  return {
    base,
    pid,
    stop: async () => {
      try {
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 40; i++) {
          process.kill(pid, 0);
          await sleep(250);
        }
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    },
  };
}

// ---- the load -----------------------------------------------------------------------------

async function pool(items, concurrency, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Posts and times each request; a request counts as acknowledged only on a 200. */
async function timedPost(url, body, stats) {
  const t = performance.now();
  let status = 0;
  let answer = null;
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    status = res.status;
    answer = await res.json().catch(() => null);
  } catch {
    status = 0;
  }
  stats.latencies.push(performance.now() - t);
  if (status !== 200) stats.errors += 1;
  return { status, answer };
}

const percentile = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs) => percentile(xs, 50);

function workload(tag, n) {
  return Array.from({ length: n }, (_, i) => ({
    session_id: `bench-${tag}-${i}`,
    search_query: `query ${i % 500}`,
    search_results: Array.from({ length: 10 }, (_, r) => ({ object_id: `doc-${(i * 7 + r) % 5000}`, meta: { text: `document ${r}` } })),
  }));
}

/** The 0.0.1 routes: one POST per session, then one events POST per session. */
async function loadRoutes(base, tag, n = cfg.sessions) {
  const sessions = workload(tag, n);
  const acked = { sessions: [], events: [] };
  const s = { latencies: [], errors: 0 };
  let t = performance.now();
  await pool(sessions, cfg.concurrency, async (x) => {
    if ((await timedPost(`${base}/clickstream/session`, x, s)).status === 200) acked.sessions.push(x.session_id);
  });
  const sessionSeconds = (performance.now() - t) / 1000;
  const e = { latencies: [], errors: 0 };
  t = performance.now();
  await pool(sessions, cfg.concurrency, async (x) => {
    const events = Array.from({ length: cfg.events }, (_, k) => ({ event_id: `e${k}`, object_id: x.search_results[k % 10].object_id }));
    if ((await timedPost(`${base}/clickstream/session/events`, { session_id: x.session_id, events }, e)).status === 200) {
      for (const ev of events) acked.events.push([x.session_id, ev.event_id]);
    }
  });
  const eventSeconds = (performance.now() - t) / 1000;
  return {
    requests: 2 * n,
    sessionsPerSec: n / sessionSeconds,
    eventsPerSec: (n * cfg.events) / eventSeconds,
    p50: median([...s.latencies, ...e.latencies]),
    p99: percentile([...s.latencies, ...e.latencies], 99),
    errors: s.errors + e.errors,
    acked,
  };
}

/** The bulk routes: `bulk-size` items per request, `bulk-concurrency` requests in flight. */
async function loadBulk(base, tag) {
  const sessions = workload(tag, cfg.bulkSessions);
  const acked = { sessions: [], events: [] };
  const chunks = (xs) => Array.from({ length: Math.ceil(xs.length / cfg.bulkSize) }, (_, i) => xs.slice(i * cfg.bulkSize, (i + 1) * cfg.bulkSize));
  const s = { latencies: [], errors: 0 };
  let t = performance.now();
  await pool(chunks(sessions), cfg.bulkConcurrency, async (chunk) => {
    const { status, answer } = await timedPost(`${base}/clickstream/sessions:bulk`, { sessions: chunk }, s);
    if (status === 200) chunk.forEach((x, i) => answer.items[i].status === 200 && acked.sessions.push(x.session_id));
  });
  const sessionSeconds = (performance.now() - t) / 1000;
  const events = sessions.flatMap((x) =>
    Array.from({ length: cfg.events }, (_, k) => ({ session_id: x.session_id, event_id: `e${k}`, object_id: x.search_results[k % 10].object_id })),
  );
  const e = { latencies: [], errors: 0 };
  t = performance.now();
  await pool(chunks(events), cfg.bulkConcurrency, async (chunk) => {
    const { status, answer } = await timedPost(`${base}/clickstream/events:bulk`, { events: chunk }, e);
    if (status === 200) chunk.forEach((x, i) => answer.items[i].status === 200 && acked.events.push([x.session_id, x.event_id]));
  });
  const eventSeconds = (performance.now() - t) / 1000;
  return {
    requests: sessions.length + events.length,
    sessionsPerSec: acked.sessions.length / sessionSeconds,
    eventsPerSec: acked.events.length / eventSeconds,
    p50: median([...s.latencies, ...e.latencies]),
    p99: percentile([...s.latencies, ...e.latencies], 99),
    errors: s.errors + e.errors,
    acked,
  };
}

// ---- the check ----------------------------------------------------------------------------

/** Counts how often each acknowledged session and event is stored: lost (0) and repeated (>1). */
async function check(mongoUrl, db, acked, names) {
  const client = await MongoClient.connect(mongoUrl);
  try {
    const d = client.db(db);
    const sessionCounts = new Map();
    for await (const doc of d.collection(names.sessions).find({ session_id: { $exists: true } }, { projection: { session_id: 1, void: 1 } })) {
      if (!doc.void) sessionCounts.set(doc.session_id, (sessionCounts.get(doc.session_id) ?? 0) + 1);
    }
    const eventCounts = new Map();
    for await (const doc of d.collection(names.events).find({}, { projection: { session_id: 1, event_id: 1 } })) {
      const k = `${doc.session_id}\u0000${doc.event_id}`;
      eventCounts.set(k, (eventCounts.get(k) ?? 0) + 1);
    }
    const tally = (keys, counts) => ({
      lost: keys.filter((k) => !counts.get(k)).length,
      repeated: keys.filter((k) => (counts.get(k) ?? 0) > 1).length,
    });
    return {
      sessions: tally(acked.sessions, sessionCounts),
      events: tally(
        acked.events.map(([s, e]) => `${s}\u0000${e}`),
        eventCounts,
      ),
    };
  } finally {
    await client.close();
  }
}

const OURS = { sessions: 'clickstream_sessions', events: 'clickstream_events' };
const PEER = { sessions: 'sessions', events: 'session_events' };

// ---- main ---------------------------------------------------------------------------------

const fmt = (r) =>
  `${r.sessionsPerSec.toFixed(0).padStart(6)} sessions/s ${r.eventsPerSec.toFixed(0).padStart(7)} events/s  CPU/item api ${r.apiCpuMs.toFixed(2)} ms db ${r.dbCpuMs.toFixed(2)} ms  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99
    .toFixed(1)
    .padStart(7)} ms  errors ${r.errors}  lost ${r.check.sessions.lost}+${r.check.events.lost}  repeated ${r.check.sessions.repeated}+${r.check.events.repeated}`;

const services = mkdtempSync(join(tmpdir(), 'es-bench-ingest-'));
const artifacts = join(services, 'artifacts');
const env = { ES_SERVICES_DIR: services, S3_ENDPOINT: 'http://127.0.0.1:1', MONGO_URL: '' };
delete process.env.MONGO_URL;
await run('bash', ['tools/services/services.sh', 'up'], env);
const mongoUrl = (await run('bash', ['tools/services/services.sh', 'env'], env)).match(/MONGO_URL=(\S+)/)?.[1];
const ferretPid = Number(readFileSync(join(services, 'ferretdb.pid'), 'utf8').trim());
if (!mongoUrl) throw new Error('FerretDB did not start');
log(`FerretDB at ${mongoUrl} (data in ${services})`);

const results = { ours: [], peer: [], bulk: [] };
const once = async (system, i) => {
  const db = `bench_${system}_${i}_${Date.now().toString(36)}`;
  const server = system === 'peer' ? await startPeer(mongoUrl, db) : await startOurs(mongoUrl, db, artifacts);
  try {
    const load = system === 'bulk' ? loadBulk : loadRoutes;
    if (cfg.warmup > 0) await loadRoutes(server.base, `warmup-${system}${i}`, cfg.warmup);
    const load1 = loadavg()[0];
    const cpu0 = [treeCpu(server.pid), treeCpu(ferretPid)];
    const r = await load(server.base, `${system}${i}`);
    r.load = load1;
    r.apiCpuMs = ((treeCpu(server.pid) - cpu0[0]) * 1000) / r.requests;
    r.dbCpuMs = ((treeCpu(ferretPid) - cpu0[1]) * 1000) / r.requests;
    r.check = await check(mongoUrl, db, r.acked, system === 'peer' ? PEER : OURS);
    delete r.acked;
    results[system].push(r);
    console.log(`${system.padEnd(4)} run ${i}: ${fmt(r)}  (load avg ${r.load.toFixed(2)})`);
  } finally {
    await server.stop();
  }
};

try {
  console.log(
    `load: ${cfg.sessions} sessions × ${cfg.events} events, concurrency ${cfg.concurrency}; bulk: ${cfg.bulkSessions} sessions × ${cfg.events} events in requests of ${cfg.bulkSize}, ${cfg.bulkConcurrency} in flight`,
  );
  for (let i = 1; i <= cfg.pairs; i++) {
    const order = values['skip-peer'] ? ['ours'] : i % 2 ? ['ours', 'peer'] : ['peer', 'ours'];
    for (const system of order) await once(system, i);
  }
  if (cfg.bulkSessions > 0) for (let i = 1; i <= cfg.bulkRuns; i++) await once('bulk', i);

  const med = (list, k) => median(list.map((r) => r[k]));
  const lost = (list) => list.reduce((a, r) => a + r.check.sessions.lost + r.check.events.lost, 0);
  const repeated = (list) => list.reduce((a, r) => a + r.check.sessions.repeated + r.check.events.repeated, 0);
  console.log('\nmedians');
  for (const system of ['ours', 'peer', 'bulk']) {
    const list = results[system];
    if (list.length === 0) continue;
    console.log(
      `${system.padEnd(4)}: ${med(list, 'sessionsPerSec').toFixed(0)} sessions/s, ${med(list, 'eventsPerSec').toFixed(0)} events/s, p50 ${med(list, 'p50').toFixed(1)} ms, p99 ${med(
        list,
        'p99',
      ).toFixed(1)} ms, CPU per item: api ${med(list, 'apiCpuMs').toFixed(2)} ms, FerretDB ${med(list, 'dbCpuMs').toFixed(2)} ms; errors ${list.reduce((a, r) => a + r.errors, 0)}; acknowledged but lost ${lost(list)}, stored twice ${repeated(list)} (over ${list.length} runs)`,
    );
  }
  if (results.ours.length && results.peer.length) {
    const ratio = (k) => (med(results.ours, k) / med(results.peer, k)).toFixed(2);
    console.log(`ratio ours/original: ${ratio('sessionsPerSec')}× sessions/s, ${ratio('eventsPerSec')}× events/s`);
  }
} finally {
  await run('bash', ['tools/services/services.sh', 'down'], env).catch(() => undefined);
  rmSync(services, { recursive: true, force: true });
}

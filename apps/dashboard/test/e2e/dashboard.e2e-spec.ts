// The dashboard in a real browser (Debian's headless Chromium driven by playwright-core) against
// the real stack: the api and worker processes on FerretDB/MongoDB, MinIO, embedded LanceDB and
// the cached all-MiniLM-L6-v2 encoder. Data goes in through the public API only: a collection and
// items, searches with clicks, a fine-tuning task (experiments, runs, a model), a deploy made by
// clicking the dashboard's button, more searches on the new version, and a comparison. Each page
// is loaded and the numbers it shows are compared with the API's answer to the same route; a
// screenshot of each page is saved under dist/dashboard-screenshots/ (ignored), or under
// docs/images/ (the README's pictures) with DASHBOARD_SCREENSHOTS=docs.
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
// The browser test runs the apps as processes exactly as the worker's end-to-end tests do.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { E2E_ADMIN_KEY, ROOT, call, freePort, startProcess, startStack, until, type Stack } from '../../../worker/test/e2e/harness.js';

jest.setTimeout(20 * 60_000);

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SHOTS = process.env['DASHBOARD_SCREENSHOTS'] === 'docs' ? join(ROOT, 'docs/images') : join(ROOT, 'dist/dashboard-screenshots');
const COLLECTION = 'dash_shop';
const METHOD = 'Default Fine Tuning Method';

/** Made-up query words the base model cannot know: only clicks teach them. */
const CATALOGUE: Record<string, { queries: string[]; items: string[] }> = {
  running: { queries: ['zorblax', 'zorblax pro'], items: ['Cushioned road running shoe for long distances', 'Grippy trail runner with rock plate', 'Racing flat for marathon day'] },
  coffee: { queries: ['quintrel', 'quintrel deluxe'], items: ['Compact espresso maker with steam wand', 'Conical burr grinder with 40 settings', 'Glass pour-over dripper with paper filters'] },
  camping: { queries: ['vardenko', 'vardenko lite'], items: ['Ultralight two-person backpacking tent', 'Down sleeping bag rated to minus ten', 'Folding gas stove for camping trips'] },
  audio: { queries: ['hexabrim', 'hexabrim one'], items: ['Over-ear headphones with active noise cancelling', 'Waterproof portable bluetooth speaker', 'USB audio interface for recording'] },
};
const ITEMS = Object.entries(CATALOGUE).flatMap(([topic, t]) => t.items.map((text, i) => ({ id: `${topic}-${i}`, text })));

interface SearchAnswer {
  search_id: string;
  results: { object_id: string; rank: number }[];
  model: { version: number };
}

let stack: Stack;
let dataDir: string;
let browser: Browser;
let page: Page;
let api: string;
let base: string;
/** Searches sent, by the profile version that answered them. */
const answered = new Map<number, number>();

async function search(query: string, user: string, k = 5): Promise<SearchAnswer> {
  const answer = await call<SearchAnswer>('POST', `${api}/search`, { collection: COLLECTION, query, k, user_id: user });
  answered.set(answer.model.version, (answered.get(answer.model.version) ?? 0) + 1);
  return answer;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * `n` searches of the catalogue's queries; the user clicks the first result of the query's topic
 * unless `i % 4 === 3` (a zero-click search). Returns the profile versions that answered.
 */
async function traffic(n: number, user: string): Promise<Set<number>> {
  const topics = Object.keys(CATALOGUE);
  const versions = new Set<number>();
  for (let i = 0; i < n; i++) {
    const topic = topics[i % topics.length]!;
    const queries = CATALOGUE[topic]!.queries;
    const answer = await search(queries[i % queries.length]!, `${user}-${i % 5}`);
    versions.add(answer.model.version);
    const hit = answer.results.find((r) => r.object_id.startsWith(`${topic}-`));
    if (i % 4 !== 3 && hit) {
      await call('POST', `${api}/clickstream/session/events`, { session_id: answer.search_id, events: [{ event_id: randomUUID(), object_id: hit.object_id }] });
    }
  }
  return versions;
}

async function open(path: string): Promise<void> {
  await page.getByTestId(`nav-${path}`).click();
  await page.waitForURL(`**/dashboard/${path}`);
}

/** The texts of column `col` of the rows `row` (in page order). */
const column = (row: string, col: string): Promise<string[]> => page.locator(`[data-testid="${row}"] [data-col="${col}"]`).allTextContents();

async function shoot(name: string): Promise<void> {
  await page.waitForTimeout(300); // let the charts finish their first layout
  await page.screenshot({ path: join(SHOTS, `dashboard-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'apps/dashboard/dist/index.html'))) throw new Error('apps/dashboard/dist is not built: run `npx nx e2e dashboard` (it builds first) or `npx nx build dashboard`.');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run tools/browser/install-chromium.sh (the e2e target does), or set CHROMIUM_PATH.`);
  mkdirSync(SHOTS, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'es-dashboard-e2e-'));
  stack = await startStack('dashboard', {
    VECTOR_ENGINE: 'lancedb',
    VECTOR_DATA_DIR: dataDir,
    SEARCH_PROFILE_CACHE_MS: '200',
    SEARCH_AUTO_DEPLOY_EVERY_MS: '0',
    METRICS_FOLD_EVERY_MS: '500',
    ES_DEFAULT_METHOD_MAX_EVALS: '2',
    ES_DEFAULT_METHOD_EPOCHS: '3',
  });
  api = stack.apiUrl;
  base = api.replace(/\/api\/v1$/, '');
  await stack.startWorker('worker');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('dialog', (dialog) => void dialog.accept());
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the dashboard in headless Chromium against the real stack', () => {
  it('seeds a collection, its items and searches with clicks through the API', async () => {
    await call('POST', `${api}/collections`, { name: COLLECTION, fields_to_embed: ['text'] }, 201);
    await call('POST', `${api}/collections/${COLLECTION}/items`, ITEMS.map((i) => ({ id: i.id, text: i.text })));
    expect([...(await traffic(40, 'before'))]).toEqual([1]);
  });

  it('is served at /dashboard outside the key check, asks for a key, and names a wrong one', async () => {
    await page.goto(`${base}/dashboard/`);
    await page.getByTestId('key-form').waitFor();
    await page.getByTestId('key-input').fill('not-a-key');
    await page.getByTestId('key-submit').click();
    await expect(page.getByTestId('key-form').locator('[role="alert"]').textContent()).resolves.toMatch(/^401/);
    await page.getByTestId('key-input').fill(E2E_ADMIN_KEY);
    await page.getByTestId('key-submit').click();
    await expect(page.getByTestId('access').textContent()).resolves.toBe('admin key');
  });

  it('Tasks: follows a fine-tuning task live to done, and shows what the API reports for every task', async () => {
    await open('tasks');
    await page.getByTestId('empty').waitFor();
    const created = await call<{ id: string }>('POST', `${api}/fine-tuning/task`, { fine_tuning_method: METHOD });
    const row = page.locator(`[data-testid="task-row"][data-id="${created.id}"]`);
    // The page polls: the new task appears, then reaches done, without a reload.
    await row.waitFor({ timeout: 10_000 });
    const seen = new Set<string>();
    const end = Date.now() + 12 * 60_000;
    for (;;) {
      const status = (await row.locator('[data-col="status"]').textContent()) ?? '';
      seen.add(status);
      if (status === 'done') break;
      if (status === 'error' || status === 'canceled' || Date.now() > end) throw new Error(`task ${created.id} shows ${status} (seen ${[...seen].join(', ')})\n${stack.logs()}`);
      await page.waitForTimeout(250);
    }
    expect(seen.size).toBeGreaterThan(1);
    const tasks = await call<{ id: string; status: string; best_model_id?: string; progress?: { fraction: number } }[]>('GET', `${api}/fine-tuning/task?limit=100`);
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('task-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(tasks.map((t) => t.id));
    expect(await column('task-row', 'status')).toEqual(tasks.map((t) => t.status));
    expect(await column('task-row', 'best_model_id')).toEqual(tasks.map((t) => t.best_model_id ?? '–'));
    expect(await column('task-row', 'fraction')).toEqual(tasks.filter((t) => t.progress).map((t) => pct(t.progress!.fraction)));
    await shoot('tasks');
  });

  it('Experiments: iterations, the runs of the trained iteration with their params and metric curves', async () => {
    await open('experiments');
    await page.getByTestId('curve').first().waitFor();
    const iterations = await call<{ total: number; items: { id: string; status: string; batch_id: string | null }[] }>('GET', `${api}/experiments?limit=100`);
    await expect(page.getByTestId('iterations-total').textContent()).resolves.toBe(`${iterations.total} iteration${iterations.total === 1 ? '' : 's'}`);
    expect(await column('iteration-row', 'status')).toEqual(iterations.items.map((i) => i.status));
    const trained = iterations.items.find((i) => i.batch_id !== null)!;
    const details = await call<{ runs: { id: string; status: string; best_metric: number | null }[] }>('GET', `${api}/experiments/${trained.id}`);
    expect(details.runs.length).toBe(2);
    expect(await column('run-row', 'status')).toEqual(details.runs.map((r) => r.status));
    expect(await column('run-row', 'best_metric')).toEqual(details.runs.map((r) => (r.best_metric === null ? '–' : r.best_metric.toFixed(4))));
    const shownRun = await page.locator('[data-testid="run-row"].chosen').getAttribute('data-id');
    const run = await call<{ metrics: Record<string, unknown[]> }>('GET', `${api}/experiments/${trained.id}/runs/${shownRun}`);
    const curves = await page.getByTestId('curve').evaluateAll((els) => els.map((e) => [e.getAttribute('data-metric'), Number(e.getAttribute('data-points'))]));
    expect(curves).toEqual(Object.keys(run.metrics).sort().map((name) => [name, run.metrics[name]!.length]));
    expect(curves.length).toBeGreaterThan(0);
    await shoot('experiments');
  });

  it('Models & deployments: the registry and versions as the API lists them; Deploy (confirmed) switches to v2', async () => {
    await open('models');
    await page.getByTestId('model-row').first().waitFor();
    const models = await call<{ total: number; items: { id: string; status: string; run_id: string | null }[] }>('GET', `${api}/models?limit=100`);
    await expect(page.getByTestId('models-total').textContent()).resolves.toBe(`${models.total} model${models.total === 1 ? '' : 's'}`);
    expect(await column('model-row', 'status')).toEqual(models.items.map((m) => m.status));
    expect(await column('deployment-row', 'kind')).toEqual(['create']);

    const best = models.items.find((m) => m.status === 'live' && m.run_id !== null)!;
    await page.locator(`[data-testid="model-row"][data-id="${best.id}"] [data-testid="deploy"]`).click();
    await expect(page.getByTestId('outcome').textContent()).resolves.toBe(`Deployed ${best.id} to ${COLLECTION} as version 2.`);
    const deployments = await call<{ version: number; active: boolean; deployment: { kind: string } }[]>('GET', `${api}/deployments?collection=${COLLECTION}`);
    expect(deployments.find((d) => d.active)?.version).toBe(2);
    await page.locator('[data-testid="deployment-row"][data-version="2"]').waitFor();
    const newestFirst = [...deployments].sort((a, b) => b.version - a.version);
    expect(await column('deployment-row', 'kind')).toEqual(newestFirst.map((d) => d.deployment.kind));
    expect(await column('deployment-row', 'active')).toEqual(newestFirst.map((d) => (d.active ? 'active' : '')));
    await expect(page.getByTestId('rollback').isVisible()).resolves.toBe(true);
    await shoot('models');

    await until('the api to serve version 2', async () => (await search('probe', 'prober', 1)).model.version === 2, 10_000, 100);
    expect([...(await traffic(12, 'after'))]).toEqual([2]);
  });

  it('Quality: one line per version with the deploy marked; the totals equal GET /metrics/quality', async () => {
    type QualityAnswer = { series: { version: number | null; totals: { searches: number; sessions_with_click: number; ctr: number; mrr: number; zero_click_rate: number } }[]; deployments: { version: number }[] };
    const read = () => call<QualityAnswer>('GET', `${api}/metrics/quality?collection=${COLLECTION}&bucket=hour&by=version`);
    // The rollups are folded on a timer: wait until they count every search sent.
    const expected = JSON.stringify([answered.get(1), answered.get(2)]);
    const answer = await until('the quality rollups to count every search', async () => {
      const a = await read();
      return JSON.stringify(a.series.map((s) => s.totals.searches)) === expected ? a : null;
    }, 60_000, 500).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; last answer ${JSON.stringify((await read()).series.map((s) => [s.version, s.totals.searches]))}, sent ${expected}`);
    });
    await open('quality');
    await page.getByTestId('quality-row').first().waitFor();
    expect(answer.series.map((s) => s.version)).toEqual([1, 2]);
    expect(await page.getByTestId('quality-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(answer.series.map((s) => String(s.version)));
    expect(await column('quality-row', 'searches')).toEqual(answer.series.map((s) => String(s.totals.searches)));
    expect(await column('quality-row', 'sessions_with_click')).toEqual(answer.series.map((s) => String(s.totals.sessions_with_click)));
    expect(await column('quality-row', 'ctr')).toEqual(answer.series.map((s) => pct(s.totals.ctr)));
    expect(await column('quality-row', 'mrr')).toEqual(answer.series.map((s) => s.totals.mrr.toFixed(3)));
    expect(await column('quality-row', 'zero_click_rate')).toEqual(answer.series.map((s) => pct(s.totals.zero_click_rate)));
    expect(await page.locator('[data-testid="quality-deploys"] li').count()).toBe(answer.deployments.length);
    await expect(page.getByTestId('quality-chart').locator('canvas').isVisible()).resolves.toBe(true);
    await shoot('quality');
  });

  it('Comparisons: estimates a candidate offline, starts a comparison (confirmed), and shows it as GET /comparisons reports it', async () => {
    const models = await call<{ items: { id: string; status: string; run_id: string | null }[] }>('GET', `${api}/models?limit=100`);
    const candidate = models.items.find((m) => m.status === 'live' && m.run_id !== null)!;
    await call('POST', `${api}/deployments/rollback`, { collection: COLLECTION });
    // The estimate reweights logged clicks of the active (control) version: give it some.
    await until('the api to serve version 3', async () => (await search('probe', 'prober', 1)).model.version === 3, 10_000, 100);
    await traffic(12, 'control');
    const estimate = await call<{ sessions: number; control_version: number; worth_testing: boolean }>('POST', `${api}/comparisons/estimate`, { collection: COLLECTION, candidate_model_id: candidate.id });
    await open('comparisons');
    await page.getByTestId('new-comparison').waitFor();
    await page.getByTestId('candidate').selectOption(candidate.id);
    await page.getByTestId('estimate').click();
    const estimateText = (await page.getByTestId('estimate-result').textContent()) ?? '';
    expect(estimateText).toContain(`From ${estimate.sessions} logged sessions: control v${estimate.control_version} `);
    expect(estimateText).toContain(estimate.worth_testing ? 'Worth testing online.' : 'Not worth testing yet.');

    await page.getByTestId('share').fill('0.5');
    await page.getByTestId('start').click();
    await expect(page.getByTestId('outcome').textContent()).resolves.toMatch(new RegExp(`^Comparison \\S+ started: interleaving, control v${estimate.control_version}, candidate ${candidate.id}\\.$`));
    await traffic(8, 'compare');
    type ComparisonView = { id: string; status: string; share: number; queries: number; win_rate: number | null; ci: [number, number] | null; decision: string | null };
    const read = async () => (await call<{ comparisons: ComparisonView[] }>('GET', `${api}/comparisons?collection=${COLLECTION}`)).comparisons;
    const fmt = (x: number) => x.toFixed(3);
    const expectedRow = (c: ComparisonView) => [c.id, c.status, String(c.queries), c.win_rate === null ? '–' : c.ci ? `${fmt(c.win_rate)} [${fmt(c.ci[0])}, ${fmt(c.ci[1])}]` : fmt(c.win_rate), c.decision ?? '–'];
    const shownRow = async () => [
      await page.locator('[data-testid="comparisons-running"] [data-testid="comparison-row"]').getAttribute('data-id'),
      ...(await Promise.all(['status', 'queries', 'win_rate', 'decision'].map(async (col) => (await column('comparison-row', col))[0]))),
    ];
    // The API credits comparisons on a timer (every 30 s): wait for the first credit, then compare a page load with API reads before and after it that agree.
    await until('the comparison to be credited', async () => ((await read())[0]?.queries ?? 0) > 0, 90_000, 1000);
    const [comparisons, shown] = await until('a page load between two equal API answers', async () => {
      const before = await read();
      await page.reload();
      await page.getByTestId('comparison-row').first().waitFor();
      const row = await shownRow();
      const after = await read();
      return JSON.stringify(before) === JSON.stringify(after) ? ([after, row] as const) : null;
    }, 120_000, 1000);
    expect(comparisons.map((c) => [c.status, c.share])).toEqual([['running', 0.5]]);
    expect(shown).toEqual(expectedRow(comparisons[0]!));
    await shoot('comparisons');
  });

  it('hides deploy and rollback from a read key', async () => {
    const { key } = await call<{ key: string }>('POST', `${api}/keys`, { scope: 'read', name: 'dashboard-e2e-read' });
    await page.getByTestId('change-key').click();
    await page.getByTestId('key-input').fill(key);
    await page.getByTestId('key-submit').click();
    await expect(page.getByTestId('access').textContent()).resolves.toBe('key without admin scope');
    await open('models');
    await page.getByTestId('model-row').first().waitFor();
    expect(await page.getByTestId('deploy').count()).toBe(0);
    expect(await page.getByTestId('rollback').count()).toBe(0);
  });

  it('says what to do when the key may not read (403)', async () => {
    const { key } = await call<{ key: string }>('POST', `${api}/keys`, { scope: 'ingest', name: 'dashboard-e2e-ingest' });
    await page.getByTestId('change-key').click();
    await page.getByTestId('key-input').fill(key);
    await page.getByTestId('key-submit').click();
    await open('experiments');
    await expect(page.getByTestId('error').textContent()).resolves.toMatch(/^403: this key's scope does not allow it .*Use a key with the read or admin scope\.$/);
  });

  it('asks for no key when the API runs with ES_AUTH=off, and offers the admin actions', async () => {
    const port = await freePort();
    const open = startProcess('api-auth-off', 'apps/api/src/main.ts', { ...stack.env, API_PORT: String(port), ES_AUTH: 'off' });
    try {
      await open.waitFor(/"listening"|listening/);
      const fresh = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await fresh.goto(`http://127.0.0.1:${port}/dashboard/models`);
      await expect(fresh.getByTestId('access').textContent()).resolves.toBe('no keys (ES_AUTH=off)');
      expect(await fresh.getByTestId('key-form').count()).toBe(0);
      await fresh.getByTestId('model-row').first().waitFor();
      const deployments = await call<{ version: number }[]>('GET', `${api}/deployments?collection=${COLLECTION}`);
      // The models and the deployments are separate reads: wait for the newest version's row.
      await fresh.locator(`[data-testid="deployment-row"][data-version="${Math.max(...deployments.map((d) => d.version))}"]`).waitFor();
      expect(await fresh.getByTestId('deployment-row').count()).toBe(deployments.length);
      await expect(fresh.getByTestId('rollback').isVisible()).resolves.toBe(true);
      await fresh.close();
    } finally {
      open.child.kill('SIGTERM');
      await open.exited;
    }
  });
});

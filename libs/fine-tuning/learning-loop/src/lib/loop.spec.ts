import { CLICK_SETTINGS } from '@embedding-studio/click-simulation';
import { createFakeLoopApi } from '../testing.js';
import { checkLoopClosed } from './checks.js';
import { normalQueryText } from './held-out-guard.js';
import { runLearningLoop } from './loop.js';
import type { LearningLoopOptions } from './loop.js';
import { renderLoopReport } from './render.js';

const docs = Array.from({ length: 50 }, (_, i) => `d${i}`);
const relevantOf = (q: number): string[] => [`d${q}`, `d${q + 20}`];
/** Version 1 shows the two relevant docs at ranks 3 and 8; later versions put them first. */
const rank = (query: string, version: number): string[] => {
  const q = Number(/(\d+)$/.exec(query)?.[1] ?? 0);
  const rel = relevantOf(q);
  const rest = docs.filter((d) => !rel.includes(d));
  if (version > 1) return [...rel, ...rest];
  return [...rest.slice(0, 2), rel[0] as string, ...rest.slice(2, 6), rel[1] as string, ...rest.slice(6)];
};
const pool = Array.from({ length: 15 }, (_, q) => ({ id: `q${q}`, text: `Query ${q}`, relevant: new Set(relevantOf(q)) }));
const heldOut = Array.from({ length: 5 }, (_, i) => {
  const q = 15 + i;
  return { id: `q${q}`, text: `Query ${q}`, judgments: new Map(relevantOf(q).map((d) => [d, 1])) };
});

function options(api: ReturnType<typeof createFakeLoopApi>, extra: Partial<LearningLoopOptions> = {}): LearningLoopOptions {
  return {
    api,
    collection: 'c',
    corpus: { jsonlPath: 'c.jsonl', count: docs.length, fieldsToEmbed: ['title', 'text'] },
    pool,
    heldOut,
    clickModel: CLICK_SETTINGS.S1,
    seed: 1,
    sessions: 200,
    sessionsAfter: 50,
    runId: 'r1',
    pollMs: 0,
    trainingPauseMs: 0,
    sleep: async () => undefined,
    ...extra,
  };
}

describe('runLearningLoop (in-memory product)', () => {
  it('closes the loop: sessions, task, automatic deploy, traffic on the new version, held-out nDCG before and after', async () => {
    const api = createFakeLoopApi({ docs, rank });
    const report = await runLearningLoop(options(api));
    expect(report.imported).toBe(true);
    expect(report).toMatchObject({ baselineVersion: 1, deployedVersion: 2, deploy: { by: 'auto' }, task: { status: 'done', bestModelId: 'm-1' } });
    expect(report.sessions.beforeTask).toBe(200);
    expect(report.sessions.byDeployed).toBeGreaterThanOrEqual(50);
    expect(report.clicks.map((c) => c.version)).toEqual([1, 2]);
    const [v1, v2] = report.clicks;
    expect(v2!.mrr.mean).toBeGreaterThan(v1!.mrr.mean);
    expect(report.heldOut.after!.versions).toEqual([2]);
    expect(report.heldOut.delta!.mean).toBeGreaterThan(0);
    // The worker releases the batch a moment after the task is created: traffic of that moment is in it too.
    expect(report.trainedBatch!.sessions).toBeGreaterThanOrEqual(200);
    expect(report.trainedBatch!.heldOutTexts).toBe(0);
    const checks = checkLoopClosed(report, { expectedVersion: 2 });
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(renderLoopReport(report, checks)).toContain('| 2 |');
  });

  it('keeps held-out queries out of the click log: searched, never clicked, never in a trained batch', async () => {
    const api = createFakeLoopApi({ docs, rank });
    const report = await runLearningLoop(options(api));
    const held = new Set(heldOut.map((q) => normalQueryText(q.text)));
    const heldSessions = api.sessions.filter((s) => held.has(normalQueryText(s.query)));
    expect(heldSessions).toHaveLength(2 * heldOut.length);
    expect(heldSessions.every((s) => s.clicks.length === 0)).toBe(true);
    // The before-evaluation batch was released on its own, not by the task.
    const trained = api.sessions.filter((s) => `batch-${s.batch}` === report.task.batchId);
    expect(trained.some((s) => held.has(normalQueryText(s.query)))).toBe(false);
    expect(api.releases).toContain('r1-held-out-before');
  });

  it('clicks only on results the search route returned', async () => {
    const api = createFakeLoopApi({ docs, rank });
    await runLearningLoop(options(api));
    const clicked = api.sessions.filter((s) => s.clicks.length > 0);
    expect(clicked.length).toBeGreaterThan(0);
    for (const s of clicked) for (const c of s.clicks) expect(s.shown).toContain(c);
  });

  it('refuses a pool that holds a held-out text before any search (LEARNING_LOOP_EVAL_LEAK)', async () => {
    const api = createFakeLoopApi({ docs, rank });
    const leaky = [...pool, { id: 'other-id', text: '  query 15 ', relevant: new Set(['d15']) }];
    await expect(runLearningLoop(options(api, { pool: leaky }))).rejects.toMatchObject({ code: 'LEARNING_LOOP_EVAL_LEAK' });
    expect(api.sessions).toHaveLength(0);
  });

  it('deploys by hand when the gate refuses and the caller allows it, and says so', async () => {
    const api = createFakeLoopApi({ docs, rank, gatePasses: false });
    const gate = { clicks: { value: -0.1, passed: false } };
    const report = await runLearningLoop(options(api, { gateVerdict: () => ({ passed: false, gate }), onGateRefusal: 'deploy' }));
    expect(report.deploy).toEqual({ by: 'manual-after-gate-refusal', gate });
    expect(report.deployedVersion).toBe(2);
    expect(checkLoopClosed(report).filter((c) => !c.passed)).toEqual([]);
    expect(checkLoopClosed(report, { requireAutoDeploy: true }).find((c) => c.name === 'automatic deploy')?.passed).toBe(false);
    expect(renderLoopReport(report)).toContain('deployed by hand');
    await expect(runLearningLoop(options(createFakeLoopApi({ docs, rank, gatePasses: false }), { gateVerdict: () => ({ passed: false, gate }) }))).rejects.toMatchObject({
      code: 'LEARNING_LOOP_STEP_FAILED',
      message: expect.stringContaining('refused'),
    });
  });

  it('fails the deploy step (LEARNING_LOOP_STEP_FAILED) when the gate never deploys, and stops the traffic', async () => {
    let t = 0;
    const api = createFakeLoopApi({ docs, rank, gatePasses: false });
    await expect(runLearningLoop(options(api, { now: () => (t += 1000), timeouts: { deployMs: 5000 } }))).rejects.toMatchObject({ code: 'LEARNING_LOOP_STEP_FAILED' });
    const n = api.sessions.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(api.sessions.length).toBe(n);
  });

  it('reuses an existing collection at a later version by rolling back to version 1 first', async () => {
    const api = createFakeLoopApi({ docs, rank });
    await runLearningLoop(options(api));
    const again = await runLearningLoop(options(api, { runId: 'r2' }));
    expect(again.imported).toBe(false);
    expect(again.baselineVersion).toBe(3);
    expect(again.deployedVersion).toBe(4);
    expect(checkLoopClosed(again).filter((c) => !c.passed)).toEqual([]);
    expect(checkLoopClosed(again, { expectedVersion: 2 }).find((c) => c.name === 'deploy made')?.passed).toBe(false);
  });

  it('checks the metrics route when it answers, and fails it when required and absent', async () => {
    const totals = { searches: 10, sessions_with_click: 5, ctr: 0.5, mrr: 0.3 };
    const api = createFakeLoopApi({ docs, rank, quality: { series: [{ version: 1, totals }, { version: 2, totals }] } });
    const report = await runLearningLoop(options(api));
    expect(checkLoopClosed(report).find((c) => c.name.startsWith('GET /metrics'))?.passed).toBe(true);
    const without = await runLearningLoop(options(createFakeLoopApi({ docs, rank }), { runId: 'r3' }));
    expect(checkLoopClosed(without).some((c) => c.name.startsWith('GET /metrics'))).toBe(false);
    expect(checkLoopClosed(without, { requireRouteMetrics: true }).find((c) => c.name.startsWith('GET /metrics'))?.passed).toBe(false);
  });
});

import { hasErrorCode } from '@embedding-studio/errors';
import type { QualityEntry } from './entries.js';
import { createMemoryHourStates, createMemoryLease, createMemoryLog, createMemoryRollupStore } from './memory.js';
import type { QualityLog } from './ports.js';
import { createQualityFolder, createQualityMetrics } from './service.js';

const H = 3600;
const T0 = Date.parse('2026-12-07T00:00:00Z') / 1000;
const session = (id: string, version: number | null, at: number): QualityEntry['session'] => ({
  session_id: id,
  collection: 'docs',
  version,
  created_at: at,
  latency_ms: version === null ? null : 12,
  shown: ['a', 'b', 'c'],
  irrelevant: false,
});
const opened = (id: string, version: number | null, at: number): QualityEntry => ({ session: session(id, version, at) });
const clicked = (id: string, version: number | null, at: number, object: string, eventId = 'e1'): QualityEntry => ({
  session: session(id, version, at),
  clicks: [{ event_id: eventId, object_id: object, created_at: at + 1 }],
});

function setup(log: QualityLog = createMemoryLog()) {
  const rollups = createMemoryRollupStore();
  const lease = createMemoryLease();
  const folder = createQualityFolder({ log, states: createMemoryHourStates(), rollups, lease, owner: 'p1' });
  const metrics = createQualityMetrics({
    rollups,
    deployments: async (c) => {
      if (c !== 'docs') throw new Error('unknown collection');
      return [
        { version: 1, created_at: T0 - 10 * 86_400, kind: 'create' },
        { version: 2, created_at: T0 + 2 * H + 5, kind: 'adapter' },
      ];
    },
    clock: { now: () => (T0 + 86_400) * 1000 },
  });
  return { log, rollups, lease, folder, metrics };
}

const TRAFFIC = [
  opened('s1', 1, T0 + 10),
  clicked('s1', 1, T0 + 10, 'a'),
  opened('s2', 1, T0 + 20),
  opened('s3', 1, T0 + H + 5),
  clicked('s3', 1, T0 + H + 5, 'c'),
  opened('s4', 2, T0 + 2 * H + 50),
  clicked('s4', 2, T0 + 2 * H + 50, 'b'),
  opened('s5', null, T0 + 2 * H + 60),
];

describe('fold and read', () => {
  it('folds logged writes into per-version hourly rollups and reads them per hour, per day and merged', async () => {
    const { log, folder, metrics, rollups } = setup();
    await log.append(TRAFFIC);
    expect(await folder.runOnce()).toEqual({ ran: true, entries: 8, hours: 3, rollups: 4 });
    expect(await folder.runOnce()).toEqual({ ran: true, entries: 0, hours: 0, rollups: 0 });
    expect(rollups.all()).toHaveLength(4);

    const hourly = await metrics.read({ collection: 'docs', from: '2026-12-07T00:00:00Z', to: '2026-12-08T00:00:00Z', by: 'version' });
    expect(hourly.series.map((s) => s.version)).toEqual([null, 1, 2]);
    const v1 = hourly.series[1];
    expect(v1?.totals).toMatchObject({ searches: 3, sessions_with_click: 2, mrr: (1 + 1 / 3) / 3 });
    expect(v1?.buckets.map((b) => [b.start, b.searches])).toEqual([
      ['2026-12-07T00:00:00.000Z', 2],
      ['2026-12-07T01:00:00.000Z', 1],
    ]);
    expect(hourly.deployments).toEqual([{ version: 2, at: '2026-12-07T02:00:05.000Z', kind: 'adapter' }]);

    const daily = await metrics.read({ collection: 'docs', from: '2026-12-07T00:00:00Z', to: '2026-12-08T00:00:00Z', bucket: 'day' });
    expect(daily.series).toHaveLength(1);
    expect(daily.series[0]?.version).toBeNull();
    expect(daily.series[0]?.buckets).toHaveLength(1);
    expect(daily.series[0]?.totals).toMatchObject({ searches: 5, sessions_with_click: 3, clicks_at: { '1': 1, '3': 3, '5': 3, '10': 3 } });
  });

  it('merges late clicks into the hour of the search, and counts repeated entries once', async () => {
    const { log, folder, metrics } = setup();
    await log.append(TRAFFIC.slice(0, 3));
    await folder.runOnce();
    // A late click on s2, logged twice (a retried request), and s1's click again.
    await log.append([clicked('s2', 1, T0 + 20, 'b', 'late'), clicked('s2', 1, T0 + 20, 'b', 'late'), clicked('s1', 1, T0 + 10, 'a')]);
    expect((await folder.runOnce()).hours).toBe(1);
    const r = await metrics.read({ collection: 'docs', from: '2026-12-07T00:00:00Z', to: '2026-12-07T01:00:00Z' });
    expect(r.series[0]?.totals).toMatchObject({ searches: 2, sessions_with_click: 2, mrr: (1 + 1 / 2) / 2, mean_click_rank: 1.5 });
  });

  it('does nothing while another process holds the lease', async () => {
    const { log, folder, lease } = setup();
    await log.append(TRAFFIC);
    await lease.acquire('p2', 60_000);
    expect(await folder.runOnce()).toEqual({ ran: false, entries: 0, hours: 0, rollups: 0 });
    await lease.release('p2');
    expect((await folder.runOnce()).entries).toBe(8);
  });

  it('keeps the entries of a pass that failed, and merges them once on the next pass', async () => {
    const inner = createMemoryLog();
    let fail = true;
    const { folder, rollups, metrics } = setup({
      ...inner,
      async remove(ids) {
        if (fail) throw new Error('database down');
        return inner.remove(ids);
      },
    });
    await inner.append(TRAFFIC);
    await expect(folder.runOnce()).rejects.toThrow('database down');
    fail = false;
    expect((await folder.runOnce()).entries).toBe(8);
    expect(inner.size()).toBe(0);
    expect(rollups.all()).toHaveLength(4);
    const r = await metrics.read({ collection: 'docs', from: '2026-12-07T00:00:00Z', to: '2026-12-08T00:00:00Z' });
    expect(r.series[0]?.totals).toMatchObject({ searches: 5, sessions_with_click: 3 });
  });

  it('rejects bad queries with 422 issues naming the field, and unknown collections through the catalog', async () => {
    const { metrics } = setup();
    const issues = async (q: Record<string, unknown>): Promise<string[]> => {
      try {
        await metrics.read(q);
      } catch (error) {
        expect(hasErrorCode(error, 'SEARCH_QUALITY_VALIDATION')).toBe(true);
        return ((error as { issues: { field: string }[] }).issues ?? []).map((i) => i.field);
      }
      throw new Error('accepted');
    };
    expect(await issues({})).toEqual(['collection']);
    expect(await issues({ collection: 'docs', from: 'yesterday' })).toEqual(['from']);
    expect(await issues({ collection: 'docs', to: '2026-13-45T99:00:00Z' })).toEqual(['to']);
    expect(await issues({ collection: 'docs', from: '2026-12-08T00:00:00Z', to: '2026-12-07T00:00:00Z' })).toEqual(['from']);
    expect(await issues({ collection: 'docs', from: '2025-01-01T00:00:00Z', to: '2026-12-07T00:00:00Z' })).toEqual(['from']);
    expect(await issues({ collection: 'docs', bucket: 'week', by: 'model' })).toEqual(['bucket', 'by']);
    expect(await issues({ collection: ['docs', 'x'], limit: '3' })).toEqual(['limit', 'collection']);
    expect(await issues({ collection: 'bad name' })).toEqual(['collection']);
    await expect(metrics.read({ collection: 'other' })).rejects.toThrow('unknown collection');
    // A year of days fits, a year of hours does not.
    await expect(metrics.read({ collection: 'docs', from: '2026-01-01T00:00:00Z', to: '2026-12-07T00:00:00Z', bucket: 'day' })).resolves.toMatchObject({ bucket: 'day' });
  });

  it('defaults to the 7 days before now, in hours', async () => {
    const { metrics } = setup();
    expect(await metrics.read({ collection: 'docs' })).toMatchObject({ bucket: 'hour', from: '2026-12-01T00:00:00.000Z', to: '2026-12-08T00:00:00.000Z', series: [] });
  });
});

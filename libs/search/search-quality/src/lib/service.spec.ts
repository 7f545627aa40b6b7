import { hasErrorCode } from '@embedding-studio/errors';
import { createMemoryLease, createMemoryMarks, createMemoryRollupStore, createMemorySource } from './memory.js';
import type { SearchRecord } from './metrics.js';
import type { QualitySource } from './ports.js';
import { createQualityFolder, createQualityMetrics } from './service.js';

const H = 3600;
const T0 = Date.parse('2026-12-07T00:00:00Z') / 1000;
const rec = (id: string, version: number | null, at: number, clicked?: string): SearchRecord => ({
  session_id: id,
  version,
  created_at: at,
  latency_ms: 12,
  shown: ['a', 'b', 'c'],
  clicks: clicked ? [{ object_id: clicked, created_at: at + 1 }] : [],
  load_more: false,
  irrelevant: false,
});

function setup(records: SearchRecord[], source?: QualitySource) {
  const data = new Map([['docs', records]]);
  const rollups = createMemoryRollupStore();
  const marks = createMemoryMarks();
  const lease = createMemoryLease();
  const folder = createQualityFolder({ marks, source: source ?? createMemorySource(data), rollups, lease, owner: 'p1' });
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
  return { data, rollups, marks, lease, folder, metrics };
}

describe('fold and read', () => {
  const records = [rec('s1', 1, T0 + 10, 'a'), rec('s2', 1, T0 + 20), rec('s3', 1, T0 + H + 5, 'c'), rec('s4', 2, T0 + 2 * H + 50, 'b'), rec('s5', null, T0 + 2 * H + 60)];

  it('folds dirty hours into per-version rollups and reads them per hour, per day and merged', async () => {
    const { marks, folder, metrics, rollups } = setup(records);
    await marks.mark([{ collection: 'docs', hour: T0 }, { collection: 'docs', hour: T0 + H }, { collection: 'docs', hour: T0 + 2 * H }]);
    expect(await folder.runOnce()).toEqual({ ran: true, hours: 3, rollups: 4 });
    expect(await folder.runOnce()).toEqual({ ran: true, hours: 0, rollups: 0 });
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

  it('recomputes a dirty hour instead of adding to it, so refolding changes nothing', async () => {
    const { data, marks, folder, metrics } = setup(records.slice(0, 2));
    await marks.mark([{ collection: 'docs', hour: T0 }]);
    await folder.runOnce();
    data.get('docs')?.push(rec('s9', 1, T0 + 30, 'b'));
    await marks.mark([{ collection: 'docs', hour: T0 }]);
    await marks.mark([{ collection: 'docs', hour: T0 }]);
    await folder.runOnce();
    const r = await metrics.read({ collection: 'docs', from: '2026-12-07T00:00:00Z', to: '2026-12-07T01:00:00Z' });
    expect(r.series[0]?.totals.searches).toBe(3);
    expect(r.series[0]?.totals.sessions_with_click).toBe(2);
  });

  it('does nothing while another process holds the lease', async () => {
    const { marks, folder, lease } = setup(records);
    await marks.mark([{ collection: 'docs', hour: T0 }]);
    await lease.acquire('p2', 60_000);
    expect(await folder.runOnce()).toEqual({ ran: false, hours: 0, rollups: 0 });
    await lease.release('p2');
    expect((await folder.runOnce()).hours).toBe(1);
  });

  it('marks the hours it could not fold dirty again when the source fails', async () => {
    let fail = true;
    const inner = createMemorySource(new Map([['docs', records]]));
    const { marks, folder, rollups } = setup(records, {
      searches: async (...args) => {
        if (fail) throw new Error('database down');
        return inner.searches(...args);
      },
    });
    await marks.mark([{ collection: 'docs', hour: T0 }, { collection: 'docs', hour: T0 + H }]);
    await expect(folder.runOnce()).rejects.toThrow('database down');
    fail = false;
    expect((await folder.runOnce()).hours).toBe(2);
    expect(rollups.all()).toHaveLength(2);
  });

  it('rejects bad queries with 422 issues naming the field, and unknown collections through the catalog', async () => {
    const { metrics } = setup(records);
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
    const { metrics } = setup(records);
    expect(await metrics.read({ collection: 'docs' })).toMatchObject({ bucket: 'hour', from: '2026-12-01T00:00:00.000Z', to: '2026-12-08T00:00:00.000Z', series: [] });
  });
});

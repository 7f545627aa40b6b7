import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ERROR_CODES } from './errors.js';
import { findRepoRoot } from './lib/dataset/paths.js';
import { createPluginLearner, SMOKE_METHOD } from './lib/learners/plugin-learner.js';
import { loadTf } from './lib/learners/tf-backend.js';
import type { ReportRow } from './lib/report/rows.js';
import { runSmoke } from './lib/run/run-smoke.js';

const root = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

describe('bench smoke run (synthetic corpus, every system, one seed)', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes report.json, report.md and the learning curve, with metrics in [0, 1]', async () => {
    const { backend } = await loadTf();
    const learner = createPluginLearner({ method: SMOKE_METHOD });
    const started = Date.now();
    await runSmoke({ outDir: out, learner, backend, log: () => undefined });
    expect(Date.now() - started).toBeLessThan(60_000);
    for (const f of ['report.json', 'report.md', 'learning-curve-S1.svg']) expect(existsSync(join(out, f))).toBe(true);
    const rows = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportRow[];
    expect(new Set(rows.map((r) => r.system))).toEqual(new Set(['B0', 'P', 'C-pop', 'C-rand', 'O', 'F']));
    for (const r of rows) {
      for (const v of [r.ndcg10, r.recall10, r.recall100, r.mrr10]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('| P |');
    // the generalisation table: P's three rows, seen queries labelled as memorisation
    expect(md).toContain('## Generalisation: seen and unseen queries');
    for (const group of ['seen (click pool, memorisation)', 'unseen, shares a relevant doc with the click pool', 'unseen, shares no relevant doc with the click pool']) {
      expect(md).toMatch(new RegExp(`\\| P \\| ${group.replace(/[()]/g, '\\$&')} \\|`));
    }
  }, 120_000);
});

describe('error catalogue', () => {
  it('every BENCH_* code is documented in docs/benchmarks/README.md', () => {
    const readme = readFileSync(join(root, 'docs', 'benchmarks', 'README.md'), 'utf8');
    for (const code of BENCH_ERROR_CODES) expect(readme).toContain(`\`${code}\``);
    const documented = readme.match(/`BENCH_[A-Z_]+`/g) ?? [];
    for (const d of documented) expect(BENCH_ERROR_CODES).toContain(d.slice(1, -1));
  });
});

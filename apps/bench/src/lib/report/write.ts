import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregate } from './aggregate.js';
import type { GroupSummary } from './aggregate.js';
import { renderMarkdown } from './markdown.js';
import type { ReportMeta } from './markdown.js';
import type { ReportRow } from './rows.js';
import { learningCurveSvg } from './svg.js';

export interface WrittenReport {
  readonly files: string[];
  readonly groups: GroupSummary[];
}

/**
 * Writes `report.json` (the rows), `report.md` and one `learning-curve-<setting>.svg` per
 * setting (headline split) into `outDir`.
 */
export function writeReports(outDir: string, rows: readonly ReportRow[], meta: Omit<ReportMeta, 'curves'>): WrittenReport {
  mkdirSync(outDir, { recursive: true });
  const groups = aggregate(rows);
  const files: string[] = [];
  const curves: Array<{ setting: string; file: string }> = [];
  const settings = [...new Set(groups.filter((g) => g.split === meta.headlineSplit).map((g) => g.setting))];
  for (const setting of settings) {
    const file = `learning-curve-${setting}.svg`;
    const gs = groups.filter((g) => g.split === meta.headlineSplit && g.setting === setting);
    writeFileSync(join(outDir, file), learningCurveSvg(gs, `${meta.dataset} ${setting}: nDCG@10 on ${meta.headlineSplit} queries`));
    curves.push({ setting, file });
    files.push(join(outDir, file));
  }
  writeFileSync(join(outDir, 'report.json'), JSON.stringify(rows, null, 1) + '\n');
  files.push(join(outDir, 'report.json'));
  writeFileSync(join(outDir, 'report.md'), renderMarkdown(groups, { ...meta, curves }));
  files.push(join(outDir, 'report.md'));
  return { files, groups };
}

// Prints the median training wall time per system and cell of a finished run:
//   npx tsx --tsconfig tsconfig.base.json apps/bench/src/train-time.ts bench-out/timing [P,C-rand]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportRow } from './lib/report/rows.js';
import { formatTimings, trainingTimes } from './lib/report/timing.js';

const [dir, systems] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('Usage: train-time.ts <report folder> [systems, e.g. P,C-rand]\n');
  process.exitCode = 1;
} else {
  const rows = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportRow[];
  process.stdout.write(`${formatTimings(trainingTimes(rows, systems?.split(',')))}\n`);
}

/** Renders one progress line: `label [#####-----] 1200/5183 23% 45.1/s ETA 1m28s`. */
export function formatProgress(label: string, done: number, total: number, elapsedS: number, width = 24): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * width);
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.round(frac * 100)}% ${rate.toFixed(1)}/s ETA ${formatDuration(eta)}`;
}

/** `1m28s`, `12s`, `1h02m`, or `?` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Where progress goes: a TTY-like stream (stderr). */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * A progress bar on a stream. On a TTY it redraws one line; elsewhere it prints a line at
 * most every 10%, so logs stay short.
 */
export function createProgressBar(label: string, total: number, sink: ProgressSink, now: () => number = () => Date.now()) {
  const start = now();
  let lastDecile = -1;
  return {
    update(done: number): void {
      const elapsed = (now() - start) / 1000;
      const line = formatProgress(label, done, total, elapsed);
      if (sink.isTTY) {
        sink.write(`\r${line}`);
      } else {
        const decile = Math.floor((10 * done) / Math.max(1, total));
        if (decile !== lastDecile) {
          lastDecile = decile;
          sink.write(`${line}\n`);
        }
      }
    },
    done(): void {
      if (sink.isTTY) sink.write('\n');
    },
  };
}

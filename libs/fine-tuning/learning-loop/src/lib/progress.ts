import type { LoopEvent } from './loop.js';

/** Where progress goes: a terminal gets a redrawn bar, anything else a line per stage and per tenth. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Renders loop events as progress bars (one line per stage). */
export function createProgressPrinter(out: ProgressSink, width = 30): (event: LoopEvent) => void {
  let open: string | null = null;
  let lastTenth = -1;
  let lastDetail = '';
  let lastStage = '';
  const close = (): void => {
    if (open !== null && out.isTTY) out.write('\n');
    open = null;
  };
  return (event) => {
    if (event.kind === 'progress') {
      const share = event.total > 0 ? Math.min(1, event.done / event.total) : 0;
      if (out.isTTY) {
        const filled = Math.round(share * width);
        out.write(`\r${event.stage.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${event.done}/${event.total}`);
        open = event.stage;
      } else {
        const tenth = Math.floor(share * 10);
        if (open !== event.stage) lastTenth = -1;
        open = event.stage;
        if (tenth !== lastTenth) out.write(`${event.stage}: ${event.done}/${event.total}\n`);
        lastTenth = tenth;
      }
      return;
    }
    if (event.kind === 'stage') {
      const detail = event.detail ?? '';
      if (lastStage === event.stage && detail === lastDetail) return;
      lastStage = event.stage;
      if (out.isTTY && open === event.stage) out.write(`\r${event.stage.padEnd(22)} ${detail}`.padEnd(100));
      else {
        close();
        out.write(out.isTTY ? `${event.stage.padEnd(22)} ${detail}` : `${event.stage}: ${detail || 'started'}\n`);
        open = out.isTTY ? event.stage : null;
      }
      lastDetail = detail;
      return;
    }
    close();
    out.write(`${event.stage}: done${event.detail ? ` (${event.detail})` : ''}\n`);
    lastDetail = '';
    lastStage = '';
  };
}

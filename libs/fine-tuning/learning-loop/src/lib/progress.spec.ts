import { createProgressPrinter } from './progress.js';

describe('createProgressPrinter', () => {
  it('prints a line per tenth and per stage when the output is not a terminal', () => {
    const out: string[] = [];
    const print = createProgressPrinter({ write: (t: string) => out.push(t), isTTY: false });
    print({ kind: 'stage', stage: 'sessions' });
    for (let i = 0; i <= 100; i++) print({ kind: 'progress', stage: 'sessions', done: i, total: 100 });
    print({ kind: 'stage-done', stage: 'sessions', detail: '100 sessions' });
    expect(out[0]).toBe('sessions: started\n');
    expect(out.filter((l) => l.startsWith('sessions: ') && l.includes('/100'))).toHaveLength(11);
    expect(out.at(-1)).toBe('sessions: done (100 sessions)\n');
  });

  it('prints a repeated stage line once', () => {
    const out: string[] = [];
    const print = createProgressPrinter({ write: (t: string) => out.push(t), isTTY: false });
    for (let i = 0; i < 3; i++) print({ kind: 'stage', stage: 'fine-tuning', detail: 'processing · 10%' });
    print({ kind: 'stage', stage: 'fine-tuning', detail: 'processing · 20%' });
    expect(out).toEqual(['fine-tuning: processing · 10%\n', 'fine-tuning: processing · 20%\n']);
  });

  it('redraws one bar on a terminal', () => {
    const out: string[] = [];
    const print = createProgressPrinter({ write: (t: string) => out.push(t), isTTY: true }, 10);
    print({ kind: 'progress', stage: 'import', done: 5, total: 10 });
    expect(out.at(-1)).toContain('[#####.....] 5/10');
    expect(out.at(-1)!.startsWith('\r')).toBe(true);
  });
});

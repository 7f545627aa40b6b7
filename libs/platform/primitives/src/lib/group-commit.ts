/** One submitted item and the promise of its caller. */
export interface Pending<I, R> {
  readonly item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** How long the first item of a group waits for others, ms. @defaultValue 2 */
  windowMs?: number;
  /** Most items written in one flush. @defaultValue 1000 */
  maxItems?: number;
  /** Flushes in flight at once. @defaultValue 1 */
  concurrency?: number;
}

export interface GroupCommitter<I, R> {
  /** Resolves when the flush that carried `item` settled it (after its write was acknowledged). */
  submit(item: I): Promise<R>;
}

/**
 * Group commit: concurrent submissions are gathered (for `windowMs`, or for as long as the
 * previous flushes run) and handed to `flush` together, at most `concurrency` flushes at a time. `flush` settles each
 * item, now or later (it may hand an item to other work); when it throws, every item it has not
 * settled yet is rejected with that error.
 */
export function groupCommit<I, R>(flush: (group: Pending<I, R>[]) => Promise<void>, options: GroupCommitOptions = {}): GroupCommitter<I, R> {
  const windowMs = options.windowMs ?? 2;
  const maxItems = options.maxItems ?? 1000;
  const concurrency = options.concurrency ?? 1;
  const queue: Pending<I, R>[] = [];
  let active = 0;
  let scheduled = false;

  const start = (): void => {
    scheduled = false;
    const group = queue.splice(0, maxItems);
    active += 1;
    flush(group)
      .catch((error: unknown) => {
        // Items already settled ignore this; the others fail with the write's error.
        for (const p of group) p.reject(error);
      })
      .finally(() => {
        active -= 1;
        schedule();
      });
    schedule();
  };

  const schedule = (): void => {
    if (queue.length === 0 || active >= concurrency || scheduled) return;
    scheduled = true;
    // Items that waited for a running flush go once the current I/O callbacks have run (with what
    // they submitted); the first item of an idle period waits the window for others.
    if (active > 0 || windowMs <= 0) setImmediate(start);
    else setTimeout(start, windowMs);
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}

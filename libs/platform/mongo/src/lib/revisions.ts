/**
 * The newest revision of a chain of immutable revision documents numbered 1, 2, … whose unique
 * `_id` decides each write (docs/adr/0004): from a known revision, reads the one after it until
 * none is stored. `readNext(known)` returns the revision after `known`, or null (or undefined).
 */
export async function newestRevision<T>(known: T, readNext: (known: T) => Promise<T | null | undefined>): Promise<T> {
  let current = known;
  for (;;) {
    const next = await readNext(current);
    if (!next) return current;
    current = next;
  }
}

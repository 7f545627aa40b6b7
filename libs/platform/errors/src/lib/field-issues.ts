import type { FieldIssue } from './app-error.js';

/**
 * Collects every problem of one input, so the caller learns about all of them at once. Libs
 * extend it with their own checks (each adds an issue and returns `undefined` on a bad value)
 * and end with {@link FieldIssues.throwIfAny}, passing their own validation error.
 */
export class FieldIssues {
  readonly issues: FieldIssue[] = [];

  /** Records a problem of `field` (a dotted path such as `progress.phase`); returns `undefined`. */
  add(field: string, message: string): undefined {
    this.issues.push({ field, message });
    return undefined;
  }

  /** True when no issue was recorded. */
  get ok(): boolean {
    return this.issues.length === 0;
  }

  /** Throws the error `toError` builds from the issues, when there is any. */
  throwIfAny(toError: (issues: FieldIssue[]) => Error): void {
    if (this.issues.length > 0) throw toError([...this.issues]);
  }
}

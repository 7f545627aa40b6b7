import { InputError } from '@embedding-studio/errors';

/** One environment variable that failed validation. */
export interface ConfigIssue {
  /** The variable name, e.g. `API_PORT`. */
  variable: string;
  /** The value as given, redacted when the name looks secret; `undefined` when unset. */
  value: string | undefined;
  /** Every failed constraint, as a sentence that says what is expected. */
  problems: string[];
}

/** Thrown by {@link loadConfig}; lists every invalid variable at once. */
export class ConfigError extends InputError {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    const lines = issues.map(
      (i) => `  - ${i.variable}=${i.value === undefined ? '(unset)' : JSON.stringify(i.value)}: ${i.problems.join('; ')}`,
    );
    super(
      'CONFIG_INVALID',
      `Invalid configuration (${issues.length} variable${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\n` +
        'Fix the environment (or your .env file; see .env.example for every variable) and start again.',
      { details: { issues } },
    );
    this.issues = issues;
  }
}

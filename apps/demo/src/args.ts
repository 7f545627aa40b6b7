import { CLICK_SETTINGS, SETTING_IDS } from '@embedding-studio/click-simulation';
import type { SettingId } from '@embedding-studio/click-simulation';
import { LearningLoopInvalidArgumentError } from '@embedding-studio/learning-loop';

/** Parsed command line of `npm run demo`. Paths are as given (resolved against the repository root later). */
export interface DemoArgs {
  readonly help: boolean;
  readonly quick: boolean;
  readonly dataset: string;
  /** A BEIR zip to download (once, into the cache) when `dataset` does not exist. */
  readonly datasetUrl?: string;
  readonly setting: SettingId;
  /** Sessions before the fine-tuning task. */
  readonly sessions: number;
  /** Sessions served by the deployed version before traffic stops. */
  readonly sessionsAfter: number;
  readonly seed: number;
  /** Keep the API and worker running after the printout (until Ctrl-C), to look at the dashboard. */
  readonly keep: boolean;
  /** Start on a new database and vector folder (always with --quick). */
  readonly fresh: boolean;
  /** Document fields the collection embeds and the method trains on. */
  readonly fields: readonly string[];
}

export const DEFAULT_DATASET = '../shared/datasets/scifact';

export const USAGE = `Usage: npm run demo -- [flags]

Starts the services, the API and the worker, imports a BEIR dataset into a collection, sends
simulated users through the search and click routes, fine-tunes with automatic deploy, keeps
the traffic running, and prints CTR and MRR per version and held-out nDCG@10 before and after.

  --quick              small run for CI: a corpus subset, titles only, 600 sessions (< 3 min)
  --dataset DIR        BEIR folder (default ${DEFAULT_DATASET}, relative to the repository root)
  --dataset-url URL    BEIR zip to download into ~/.cache/embedding-studio/datasets when DIR is missing
  --setting S1|S2|S3   click model of the benchmark protocol (default S1)
  --sessions N         sessions before the task (default 5000; --quick 600)
  --sessions-after N   sessions on the deployed version before traffic stops (default N/5)
  --seed N             seed of the query split and the users (default 1)
  --fields LIST        document fields to embed: title,text (default) or title (a tenth of the tokens;
                       --quick uses title)
  --fresh              new database and vector folder (default: reuse the imported collection)
  --keep               leave the API and worker running after the printout (Ctrl-C stops them)
  --help               this text
`;

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new LearningLoopInvalidArgumentError(`--${flag}: "${value}" is not a positive integer.`, { details: { flag } });
  return n;
}

/** Parses argv (without node and the script). Throws `LEARNING_LOOP_INVALID_ARGUMENT` naming the flag. */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const valued = new Set(['dataset', 'dataset-url', 'setting', 'sessions', 'sessions-after', 'seed', 'fields']);
  const bare = new Set(['help', 'quick', 'keep', 'fresh']);
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) throw new LearningLoopInvalidArgumentError(`Unexpected argument "${arg}"; flags start with --. See --help.`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (bare.has(name)) {
      if (eq !== -1) throw new LearningLoopInvalidArgumentError(`--${name} takes no value.`, { details: { flag: name } });
      switches.add(name);
      continue;
    }
    if (!valued.has(name)) throw new LearningLoopInvalidArgumentError(`Unknown flag --${name}. See --help.`, { details: { flag: name } });
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) throw new LearningLoopInvalidArgumentError(`--${name} needs a value.`, { details: { flag: name } });
    flags.set(name, value);
  }
  const quick = switches.has('quick');
  const settingText = (flags.get('setting') ?? 'S1').toUpperCase();
  if (!(settingText in CLICK_SETTINGS)) throw new LearningLoopInvalidArgumentError(`--setting: "${flags.get('setting')}" is not one of ${SETTING_IDS.join(', ')}.`, { details: { flag: 'setting' } });
  const sessions = positiveInt('sessions', flags.get('sessions') ?? (quick ? '600' : '5000'));
  const url = flags.get('dataset-url');
  if (url !== undefined && !/^https?:\/\/\S+\.zip$/i.test(url)) throw new LearningLoopInvalidArgumentError(`--dataset-url: "${url}" must be an http(s) URL of a .zip file.`, { details: { flag: 'dataset-url' } });
  const fields = (flags.get('fields') ?? (quick ? 'title' : 'title,text')).split(',').map((f) => f.trim());
  if (fields.length === 0 || fields.some((f) => f !== 'title' && f !== 'text') || new Set(fields).size !== fields.length) {
    throw new LearningLoopInvalidArgumentError(`--fields: "${flags.get('fields')}" must list title and/or text, comma-separated (e.g. title,text).`, { details: { flag: 'fields' } });
  }
  return {
    help: switches.has('help'),
    fields,
    quick,
    dataset: flags.get('dataset') ?? DEFAULT_DATASET,
    ...(url === undefined ? {} : { datasetUrl: url }),
    setting: settingText as SettingId,
    sessions,
    sessionsAfter: positiveInt('sessions-after', flags.get('sessions-after') ?? String(Math.max(1, Math.round(sessions / 5)))),
    seed: positiveInt('seed', flags.get('seed') ?? '1'),
    keep: switches.has('keep'),
    fresh: quick || switches.has('fresh'),
  };
}

import { BenchInvalidArgumentError } from '../../errors.js';
import { parseSetting } from '../clicks/click-models.js';
import type { SettingId } from '@embedding-studio/click-simulation';
import { HYPER_PARAM_NAMES, type HyperParams } from '@embedding-studio/fine-tuning-builder';
import { BACKEND_NAMES } from '../learners/tf-backend.js';
import type { BackendName } from '../learners/tf-backend.js';
import { SYSTEM_IDS } from '../report/rows.js';
import type { SystemId } from '../report/rows.js';

/** Parsed command line. Paths are as given (resolved later against the repository root). */
export interface BenchArgs {
  readonly help: boolean;
  readonly smoke: boolean;
  /** `--via-api`: run the settings end to end over HTTP (it starts the services, the API and the worker). */
  readonly viaApi: boolean;
  /** `--item-fields`: document fields items are embedded from (in-process and, with --via-api, the collection's). */
  readonly itemFields: string[];
  readonly writeSplit: boolean;
  /** `--write-held-out DIR`: carve a held-out evaluation set from the committed split, write its qrels files, exit. */
  readonly writeHeldOut?: string;
  /** `--write-doc-disjoint DIR`: write the pinned doc-disjoint held-out set's qrels files, exit. */
  readonly writeDocDisjoint?: string;
  readonly dataset: string;
  readonly split?: string;
  readonly settings: SettingId[];
  readonly budgets: number[];
  readonly systems: SystemId[];
  readonly seeds: number;
  readonly out?: string;
  readonly evalQueries?: string;
  readonly evalQrels?: string;
  readonly clickQrels?: string;
  readonly modelDir?: string;
  readonly cacheDir?: string;
  readonly cache: boolean;
  readonly seen: boolean;
  readonly backend?: BackendName;
  /** `--params`: hyperparameters applied to the default method's plan (plan comparisons on dev only). */
  readonly params: HyperParams;
}

export const DEFAULT_DATASET = '../shared/datasets/scifact';

export const USAGE = `Usage: npm run bench -- [flags]

Measures whether learning from clicks improves search (docs/benchmarks/README.md).

  --dataset DIR          BEIR folder (default ${DEFAULT_DATASET}, relative to the repository root)
  --setting S1,S2,S3     click settings (default S1)
  --budget 1000,5000     session budgets; 1k/5k/20k accepted (default 5000)
  --systems LIST         any of ${SYSTEM_IDS.join(',')} (default all)
  --seeds N              seeds 1..N per (setting, budget) (default 10)
  --out DIR              output folder (default bench-out/<dataset>-<time>)
  --eval-queries FILE    BEIR queries file of a separate evaluation set
  --eval-qrels FILE      its qrels: the evaluated queries are exactly the queries in this file
  --click-qrels FILE     click pool = every query of this qrels file (dev carved from it)
  --split FILE           committed query split (default apps/bench/splits/<dataset>.json)
  --write-split          write the split file from the dataset and exit
  --write-held-out DIR   carve held-out evaluation qrels from the committed click pool into DIR and exit
  --write-doc-disjoint DIR  the same for the pinned held-out set that shares no relevant doc with the rest
  --model-dir DIR        ONNX model folder (default ~/.cache/embedding-studio/models/all-minilm-l6-v2)
  --cache-dir DIR        embedding cache (default ~/.cache/embedding-studio/bench)
  --no-cache             embed again, do not read or write the cache
  --no-seen              skip the seen-query (click-pool) evaluation
  --backend NAME         tfjs backend: ${BACKEND_NAMES.join(', ')} (default: fastest present)
  --smoke                tiny synthetic run of every system (CI), no model download
  --via-api              run B0 and P end to end over HTTP (services, API, worker, import, search,
                         clicks, task, gate, deploy, evaluation through the search route)
  --item-fields LIST     document fields items are embedded from: title,text (default) or title
  --help                 this text

P, C-rand and O train with the default fine-tuning method as it ships (its data path, plan and
early stopping); the protocol sets only the seed. To compare plans on the dev split:
  --params K=V,...       hyperparameters applied to its plan: ${HYPER_PARAM_NAMES.join(', ')}
                         (e.g. --params learningRate=0.001,temperature=0.05)
`;

/** Parses `1000`, `5k`, `20K` into a positive integer. */
export function parseBudget(value: string): number {
  const m = /^(\d+(?:\.\d+)?)([kK])?$/.exec(value.trim());
  const n = m ? Number(m[1]) * (m[2] ? 1000 : 1) : Number.NaN;
  if (!Number.isInteger(n) || n <= 0) {
    throw new BenchInvalidArgumentError(`--budget: "${value}" is not a positive integer (use e.g. 1000, 5k, 20k).`);
  }
  return n;
}

function parseSystem(value: string): SystemId {
  const hit = SYSTEM_IDS.find((s) => s.toLowerCase() === value.trim().toLowerCase());
  if (!hit) throw new BenchInvalidArgumentError(`--systems: unknown system "${value}"; use any of ${SYSTEM_IDS.join(', ')}.`);
  return hit;
}

const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses `--params learningRate=0.001,steep=true` into hyperparameters (their ranges are checked against the plan). */
export function parseParams(value: string): HyperParams {
  const out: Record<string, number | boolean> = {};
  for (const pair of list(value)) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq === -1 ? undefined : eq).trim();
    const raw = eq === -1 ? '' : pair.slice(eq + 1).trim();
    if (!(HYPER_PARAM_NAMES as readonly string[]).includes(name)) {
      throw new BenchInvalidArgumentError(`--params: unknown hyperparameter "${name}"; use any of ${HYPER_PARAM_NAMES.join(', ')} as NAME=VALUE.`);
    }
    const n = Number(raw);
    if (raw === 'true' || raw === 'false') out[name] = raw === 'true';
    else if (raw === '' || !Number.isFinite(n)) throw new BenchInvalidArgumentError(`--params: ${name} needs a number (NAME=VALUE), got "${raw}".`);
    else out[name] = n;
  }
  return out as HyperParams;
}

/** Parses argv (without `node` and the script). Throws `BENCH_INVALID_ARGUMENT` on any bad flag. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  const valued = new Set([
    'dataset',
    'split',
    'setting',
    'budget',
    'systems',
    'seeds',
    'out',
    'eval-queries',
    'eval-qrels',
    'click-qrels',
    'model-dir',
    'cache-dir',
    'backend',
    'write-held-out',
    'params',
    'write-doc-disjoint',
    'item-fields',
  ]);
  const bare = new Set(['help', 'smoke', 'write-split', 'no-cache', 'no-seen', 'via-api']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new BenchInvalidArgumentError(`Unexpected argument "${arg}"; flags start with --. See --help.`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (bare.has(name)) {
      if (eq !== -1) throw new BenchInvalidArgumentError(`--${name} takes no value.`);
      switches.add(name);
      continue;
    }
    if (!valued.has(name)) throw new BenchInvalidArgumentError(`Unknown flag --${name}. See --help.`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new BenchInvalidArgumentError(`--${name} needs a value.`);
    flags.set(name, value);
  }
  const seedsText = flags.get('seeds') ?? '10';
  const seeds = Number(seedsText);
  if (!Number.isInteger(seeds) || seeds < 1) throw new BenchInvalidArgumentError(`--seeds: "${seedsText}" is not a positive integer.`);
  const backend = flags.get('backend');
  if (backend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new BenchInvalidArgumentError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got "${backend}".`);
  }
  if (flags.has('eval-queries') && !flags.has('eval-qrels')) {
    throw new BenchInvalidArgumentError('--eval-queries needs --eval-qrels: the evaluated queries are exactly those in the qrels file.');
  }
  const settings = [...new Set(list(flags.get('setting') ?? 'S1').map(parseSetting))];
  const budgets = [...new Set(list(flags.get('budget') ?? '5000').map(parseBudget))];
  const systems = [...new Set(list(flags.get('systems') ?? SYSTEM_IDS.join(',')).map(parseSystem))];
  const itemFields = list(flags.get('item-fields') ?? 'title,text');
  if (itemFields.length === 0 || itemFields.some((f) => f !== 'title' && f !== 'text')) {
    throw new BenchInvalidArgumentError(`--item-fields: "${flags.get('item-fields')}" must list title and/or text (e.g. title,text).`);
  }
  if (settings.length === 0) throw new BenchInvalidArgumentError('--setting lists no setting.');
  if (budgets.length === 0) throw new BenchInvalidArgumentError('--budget lists no budget.');
  if (systems.length === 0) throw new BenchInvalidArgumentError('--systems lists no system.');
  const opt = <K extends string>(key: K, flag: string): Partial<Record<K, string>> => {
    const v = flags.get(flag);
    return (v === undefined ? {} : { [key]: v }) as Partial<Record<K, string>>;
  };
  return {
    help: switches.has('help'),
    params: parseParams(flags.get('params') ?? ''),
    smoke: switches.has('smoke'),
    viaApi: switches.has('via-api'),
    itemFields,
    writeSplit: switches.has('write-split'),
    dataset: flags.get('dataset') ?? DEFAULT_DATASET,
    settings,
    budgets,
    systems,
    seeds,
    cache: !switches.has('no-cache'),
    seen: !switches.has('no-seen'),
    ...opt('split', 'split'),
    ...opt('writeHeldOut', 'write-held-out'),
    ...opt('writeDocDisjoint', 'write-doc-disjoint'),
    ...opt('out', 'out'),
    ...opt('evalQueries', 'eval-queries'),
    ...opt('evalQrels', 'eval-qrels'),
    ...opt('clickQrels', 'click-qrels'),
    ...opt('modelDir', 'model-dir'),
    ...opt('cacheDir', 'cache-dir'),
    ...(backend === undefined ? {} : { backend: backend as BackendName }),
  };
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LearningLoopInvalidArgumentError } from '@embedding-studio/learning-loop';

/**
 * The BEIR folder to use: `dir` when it exists; otherwise, with a URL, the zip downloaded once
 * into ~/.cache/embedding-studio/datasets and unpacked there (needs `unzip` and a network).
 */
export async function resolveDataset(dir: string, url: string | undefined, log: (line: string) => void): Promise<string> {
  if (existsSync(join(dir, 'corpus.jsonl'))) return dir;
  if (url === undefined) {
    throw new LearningLoopInvalidArgumentError(
      `No BEIR dataset at ${dir}. Pass --dataset DIR (a folder with corpus.jsonl, queries.jsonl, qrels/train.tsv), or --dataset-url URL of a BEIR zip to download it once.`,
      { details: { flag: 'dataset' } },
    );
  }
  const name = (url.split('/').pop() as string).replace(/\.zip$/i, '');
  const cache = join(homedir(), '.cache', 'embedding-studio', 'datasets');
  const target = join(cache, name);
  const found = (): string | undefined => {
    if (existsSync(join(target, 'corpus.jsonl'))) return target;
    const inner = existsSync(target) ? readdirSync(target).map((e) => join(target, e)).find((p) => existsSync(join(p, 'corpus.jsonl'))) : undefined;
    return inner;
  };
  const cached = found();
  if (cached) return cached;
  log(`dataset: downloading ${url}`);
  const res = await fetch(url);
  if (!res.ok) throw new LearningLoopInvalidArgumentError(`--dataset-url: ${url} answered ${res.status}.`, { details: { flag: 'dataset-url' } });
  mkdirSync(target, { recursive: true });
  const zip = join(cache, `${name}.zip`);
  writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
  execFileSync('unzip', ['-o', '-q', zip, '-d', target], { stdio: 'inherit' });
  const unpacked = found();
  if (!unpacked) throw new LearningLoopInvalidArgumentError(`--dataset-url: ${url} holds no BEIR folder (corpus.jsonl).`, { details: { flag: 'dataset-url' } });
  return unpacked;
}

// Static checks of docker/: what CI can verify about the images and the compose file without a
// Docker engine. Each check returns the problems it found (empty when all is well), so a test can
// also feed it a broken sample and see it complain.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseDocument } from 'yaml';

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  profiles?: string[];
  ports?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export interface Dockerfile {
  /** Images of `FROM` lines, stage names (`FROM x AS y` → later `FROM y`) excluded. */
  bases: string[];
  /** The shell commands of `RUN` lines, continuation lines joined. */
  runs: string[];
  /** Sources of `COPY`/`ADD` lines without `--from`. */
  copies: string[];
  /** `CMD` as an argument list (exec form). */
  cmd: string[] | null;
  env: Record<string, string>;
}

/** Parses YAML (merge keys on, as Docker Compose does); throws on any error or warning. */
export function parseCompose(text: string): ComposeFile {
  const doc = parseDocument(text, { merge: true });
  const issues = [...doc.errors, ...doc.warnings];
  if (issues.length > 0) throw new Error(`the compose file does not parse: ${issues.map((e) => e.message).join('; ')}`);
  const compose = doc.toJS({ maxAliasCount: 100 }) as ComposeFile;
  if (!compose || typeof compose.services !== 'object') throw new Error('the compose file has no services');
  return compose;
}

/** Reads the instructions this check needs from a Dockerfile. */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const out: Dockerfile = { bases: [], runs: [], copies: [], cmd: null, env: {} };
  const stages = new Set<string>();
  for (const line of lines) {
    const [instruction = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    switch (instruction.toUpperCase()) {
      case 'FROM': {
        const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
        if (m?.[1] && !stages.has(m[1])) out.bases.push(m[1]);
        if (m?.[2]) stages.add(m[2]);
        break;
      }
      case 'RUN':
        out.runs.push(args.replace(/\s+/g, ' '));
        break;
      case 'COPY':
      case 'ADD':
        if (!args.startsWith('--from')) out.copies.push(...rest.filter((a) => !a.startsWith('--')).slice(0, -1));
        break;
      case 'CMD':
        out.cmd = JSON.parse(args) as string[];
        break;
      case 'ENV':
        for (const m of args.matchAll(/(\w+)=(\S*)/g)) if (m[1]) out.env[m[1]] = m[2] ?? '';
        break;
      default:
    }
  }
  return out;
}

/** A reference is pinned when its tag names a release (x.y.z, a dated RELEASE) or it has a digest. */
export function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return false;
  const tag = image.slice(colon + 1);
  return tag !== 'latest' && (/\d+\.\d+\.\d+/.test(tag) || /^RELEASE\.\d{4}-\d{2}-\d{2}/.test(tag));
}

export const asArgs = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/));

/** Where a service's build points: the Dockerfile's path relative to the repository root. */
export function dockerfileOf(service: ComposeService, composeDir: string): string | null {
  if (service.build === undefined) return null;
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  return posix.normalize(posix.join(composeDir, build.context ?? '.', build.dockerfile ?? 'Dockerfile'));
}

/**
 * Problems of a command run in an image built from the repository (WORKDIR = its root): an
 * `npx nx <target> <project>` must name a project that has that target; any other argument that
 * looks like a relative path must exist in the repository.
 */
export function commandProblems(args: readonly string[], repo: string, projects: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  if (args[0] === 'npx' && args[1] === 'nx') {
    const [target = '', project = ''] = args.slice(2);
    if (!projects[project]) problems.push(`\`${args.join(' ')}\`: no Nx project named ${JSON.stringify(project)}`);
    else if (!projects[project].includes(target)) problems.push(`\`${args.join(' ')}\`: project ${project} has no target ${JSON.stringify(target)}`);
    return problems;
  }
  for (const a of args) {
    if (a.startsWith('-') || a.includes('://') || !a.includes('/')) continue;
    if (!existsSync(join(repo, a))) problems.push(`\`${args.join(' ')}\`: ${a} is not in the repository`);
  }
  return problems;
}

/** The shell commands of the first ```sh block after the text `after`, comments removed. */
export function readmeCommands(readme: string, after: string): string[] {
  const at = readme.indexOf(after);
  if (at < 0) return [];
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
}

export const readText = (repo: string, path: string): string => readFileSync(join(repo, path), 'utf8');

// The images and the compose file, checked without a Docker engine (CI has none): they parse,
// name only files, projects and targets that exist, pin their images, and run the README's
// install and start commands.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  asArgs,
  commandProblems,
  dockerfileOf,
  isPinned,
  parseCompose,
  parseDockerfile,
  readmeCommands,
  readText,
  type ComposeService,
} from './static-check.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const compose = parseCompose(readText(repo, 'docker/docker-compose.yml'));
const services = Object.entries(compose.services);
const built = services.flatMap(([name, s]) => {
  const file = dockerfileOf(s, 'docker');
  return file === null ? [] : [{ name, service: s, file }];
});
const projects: Record<string, string[]> = Object.fromEntries(
  readdirSync(join(repo, 'apps')).map((app) => {
    const p = JSON.parse(readText(repo, `apps/${app}/project.json`)) as { name: string; targets: Record<string, unknown> };
    return [p.name, Object.keys(p.targets)];
  }),
);
const readme = readText(repo, 'README.md');
const DOCKER_COMMANDS = 'run the commands of this README:';
const envOf = (s: ComposeService): Record<string, unknown> =>
  Array.isArray(s.environment) ? Object.fromEntries(s.environment.map((e) => e.split('=', 2))) : (s.environment ?? {});

describe('docker/docker-compose.yml', () => {
  it('runs the whole product: MongoDB, MinIO, Weaviate, MLflow, API replicas, a CPU and a GPU worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'minio', 'mlflow', 'mongo', 'weaviate', 'worker', 'worker-gpu']);
    expect((compose.services['api'] as { deploy?: { replicas?: number } }).deploy?.replicas).toBeGreaterThan(1);
    const gpu = compose.services['worker-gpu'] as ComposeService & { deploy?: { resources?: { reservations?: { devices?: { capabilities?: string[] }[] } } } };
    expect(gpu.profiles).toEqual(['gpu']);
    expect(gpu.deploy?.resources?.reservations?.devices?.[0]?.capabilities).toEqual(['gpu']);
    // The dev services of the README's first Docker command have no profile, so they start alone.
    for (const name of ['mongo', 'minio', 'weaviate', 'mlflow']) expect(compose.services[name]?.profiles).toBeUndefined();
  });

  it('pins every image, in the compose file and in the Dockerfiles, to a release', () => {
    const images = [...services.flatMap(([, s]) => (s.image ? [s.image] : [])), ...built.flatMap((b) => parseDockerfile(readText(repo, b.file)).bases)];
    expect(images.length).toBeGreaterThanOrEqual(7);
    expect(images.filter((i) => !isPinned(i))).toEqual([]);
  });

  it('builds from Dockerfiles that exist, with a .dockerignore that keeps installed files out', () => {
    expect(built.map((b) => b.file).sort()).toEqual(['docker/Dockerfile.api', 'docker/Dockerfile.worker', 'docker/Dockerfile.worker-gpu']);
    for (const b of built) expect(existsSync(join(repo, b.file))).toBe(true);
    const ignore = readText(repo, '.dockerignore');
    for (const entry of ['**/node_modules', '.services', '.data']) expect(ignore).toContain(entry);
  });

  it('runs only commands whose projects, targets and files exist in the repository', () => {
    const problems = built.flatMap((b) => [
      ...commandProblems(asArgs(b.service.command), repo, projects),
      ...commandProblems(asArgs(b.service.entrypoint), repo, projects),
      ...commandProblems(parseDockerfile(readText(repo, b.file)).cmd ?? [], repo, projects),
    ]);
    expect(problems).toEqual([]);
    // The compose command is the image's own.
    for (const b of built) expect(asArgs(b.service.command)).toEqual(parseDockerfile(readText(repo, b.file)).cmd);
  });

  it('sets only variables the apps read (each is in .env.example), and publishes the port the API listens on', () => {
    const example = readText(repo, '.env.example');
    for (const b of built) {
      const unknown = Object.keys(envOf(b.service)).filter((key) => !example.includes(`${key}=`));
      expect({ service: b.name, unknown }).toEqual({ service: b.name, unknown: [] });
    }
    const api = parseDockerfile(readText(repo, 'docker/Dockerfile.api'));
    expect(api.env['API_HOST']).toBe('0.0.0.0');
    expect(compose.services['api']?.ports?.every((p) => p.endsWith(`:${api.env['API_PORT']}`))).toBe(true);
  });
});

describe('the Dockerfiles', () => {
  const documented = readmeCommands(readme, DOCKER_COMMANDS);

  it('run the install and start commands the README gives', () => {
    expect(documented).toEqual(['npm ci', 'node tools/models/fetch-model.mjs all-minilm-l6-v2', 'npx nx serve api']);
    // …the same as `npm start` (model fetch, then nx serve) and the README's development steps.
    expect(JSON.parse(readText(repo, 'package.json')).scripts.start).toContain(`${documented[1]} && `);
    expect(readme).toContain('npx nx serve worker');
    for (const b of built) {
      const d = parseDockerfile(readText(repo, b.file));
      expect({ file: b.file, runs: d.runs.filter((r) => documented.slice(0, 2).includes(r)) }).toEqual({ file: b.file, runs: documented.slice(0, 2) });
      for (const src of d.copies) expect(existsSync(join(repo, src))).toBe(true);
      const app = b.file.endsWith('.api') ? 'api' : 'worker';
      expect((d.cmd ?? []).slice(0, 4).join(' ')).toBe(`npx nx serve ${app}`);
      expect(readme).toContain(`npx nx serve ${app}`);
    }
  });

  it('install tfjs-node-gpu at the repository’s tfjs version on a CUDA base, and select it', () => {
    const gpu = parseDockerfile(readText(repo, 'docker/Dockerfile.worker-gpu'));
    const tfjs = (JSON.parse(readText(repo, 'package.json')) as { dependencies: Record<string, string> }).dependencies['@tensorflow/tfjs']?.replace(/^[\^~]/, '');
    expect(gpu.runs).toContain(`npm install --no-save @tensorflow/tfjs-node-gpu@${tfjs}`);
    expect(gpu.bases.some((b) => b.startsWith('nvidia/cuda:') && b.includes('cudnn'))).toBe(true);
    expect(gpu.env['TFJS_BACKEND']).toBe('tensorflow-gpu');
    expect(readText(repo, 'libs/serving/model-runtime/src/lib/tfjs/backend/init-backend.ts')).toContain("'tensorflow-gpu': '@tensorflow/tfjs-node-gpu'");
  });
});

describe('the static checks themselves', () => {
  it('find broken samples', () => {
    expect(() => parseCompose('services:\n  a: [unclosed')).toThrow(/does not parse/);
    expect(['mongo:7', 'mongo', 'node:latest', 'x/y:main'].filter(isPinned)).toEqual([]);
    expect(['mongo:7.0.14', 'minio/minio:RELEASE.2025-04-22T22-12-26Z', `n@sha256:${'a'.repeat(64)}`, 'ghcr.io/mlflow/mlflow:v3.17.2'].every(isPinned)).toBe(true);
    expect(commandProblems(['npx', 'nx', 'serve', 'nope'], repo, projects)).toEqual(['`npx nx serve nope`: no Nx project named "nope"']);
    expect(commandProblems(['npx', 'nx', 'deploy', 'api'], repo, projects)).toEqual(['`npx nx deploy api`: project api has no target "deploy"']);
    expect(commandProblems(['node', 'tools/missing.mjs', '--flag', 'http://x/y'], repo, projects)).toEqual(['`node tools/missing.mjs --flag http://x/y`: tools/missing.mjs is not in the repository']);
    const d = parseDockerfile('FROM a:1.2.3 AS base\nFROM base\nRUN npm \\\n  ci\nCOPY --from=base /x /y\nCOPY . .\nENV A=1 B=two\nCMD ["npx", "nx"]');
    expect(d).toEqual({ bases: ['a:1.2.3'], runs: ['npm ci'], copies: ['.'], cmd: ['npx', 'nx'], env: { A: '1', B: 'two' } });
  });
});

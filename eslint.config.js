// Flat ESLint config for the workspace. Module boundaries follow docs/patterns/module-boundaries.md:
// each project carries exactly one `type:*` and one `scope:*` tag.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import * as jsoncParser from 'jsonc-eslint-parser';

const serverOnly = ['express', 'agenda', '@agendajs/*', 'mongoose', 'mongodb', '@aws-sdk/*', 'minio', 'onnxruntime-node', '@tensorflow/tfjs-node*'];

const config = [
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '**/.nx', 'tmp', '.services', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:composition', 'type:feature', 'type:domain', 'type:adapter', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:adapter', 'type:util'], bannedExternalImports: serverOnly },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'], bannedExternalImports: [...serverOnly, 'pino'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:util'], bannedExternalImports: ['express', '@tensorflow/tfjs-node*'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            // Composition libs only wire other libs together for the apps (docs/patterns/module-boundaries.md).
            { sourceTag: 'type:composition', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:adapter', 'type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:clickstream', onlyDependOnLibsWithTags: ['scope:clickstream', 'scope:shared'] },
            { sourceTag: 'scope:training', onlyDependOnLibsWithTags: ['scope:training', 'scope:clickstream', 'scope:experiments', 'scope:serving', 'scope:shared'] },
            { sourceTag: 'scope:experiments', onlyDependOnLibsWithTags: ['scope:experiments', 'scope:shared'] },
            { sourceTag: 'scope:serving', onlyDependOnLibsWithTags: ['scope:serving', 'scope:shared'] },
            { sourceTag: 'scope:search', onlyDependOnLibsWithTags: ['scope:search', 'scope:serving', 'scope:clickstream', 'scope:shared'] },
            {
              sourceTag: 'scope:fine-tuning',
              onlyDependOnLibsWithTags: ['scope:fine-tuning', 'scope:training', 'scope:clickstream', 'scope:experiments', 'scope:serving', 'scope:search', 'scope:shared'],
            },
            { sourceTag: 'scope:search', onlyDependOnLibsWithTags: ['scope:search', 'scope:serving', 'scope:clickstream', 'scope:experiments', 'scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // `./testing` entries are for tests only.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**', '**/src/testing.ts', '**/src/testing/**', '**/src/lib/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@embedding-studio/*/testing'], message: 'Testing entries may only be imported from tests.' }] }],
    },
  },
];

// Every workspace (and external) package a lib imports is declared in its package.json, so a
// published install resolves; nothing declared goes unused. Files outside the build are ignored.
// Packages loaded by name at run time (tfjs backends, pino's pretty transport, tsx for sources)
// are invisible to the import graph, so they are never reported.
const dependencyChecks = (ignoredDependencies = []) => [
  'error',
  {
    buildTargets: ['build'],
    checkMissingDependencies: true,
    checkObsoleteDependencies: true,
    checkVersionMismatches: false,
    ignoredDependencies: ['pino-pretty', 'tsx', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', ...ignoredDependencies],
    ignoredFiles: ['{projectRoot}/**/*.spec.ts', '{projectRoot}/**/*.int-spec.ts', '{projectRoot}/**/*.e2e-spec.ts', '{projectRoot}/jest*.config.js', '{projectRoot}/test/**'],
  },
];
config.push(
  { files: ['libs/**/package.json'], languageOptions: { parser: jsoncParser }, rules: { '@nx/dependency-checks': dependencyChecks() } },
  {
    // These libs run model-runtime's tfjs or ONNX code, whose engines are optional peers of
    // model-runtime, so they declare the engines themselves without importing them.
    files: ['libs/fine-tuning/fine-tuning-worker/package.json', 'libs/fine-tuning/default-fine-tuning-method/package.json'],
    rules: { '@nx/dependency-checks': dependencyChecks(['@tensorflow/tfjs', 'onnxruntime-node', 'jest-environment-node']) },
  },
);

// The `./agenda` entry of fine-tuning-worker is its Agenda (MongoDB) adapter, kept beside the runner
// it triggers; only those files may import the queue's packages (docs/adr/0007-worker-owns-its-queue-adapter.md).
const queuePackages = ['agenda', '@agendajs/*', 'mongodb'];
const [level, boundaries] = config.find((c) => c.rules?.['@nx/enforce-module-boundaries']).rules['@nx/enforce-module-boundaries'];
config.push({
  files: ['libs/fine-tuning/fine-tuning-worker/src/agenda.ts', 'libs/fine-tuning/fine-tuning-worker/src/lib/agenda/**/*.ts'],
  rules: {
    '@nx/enforce-module-boundaries': [
      level,
      {
        ...boundaries,
        depConstraints: boundaries.depConstraints.map((c) =>
          c.sourceTag === 'type:feature' ? { ...c, bannedExternalImports: c.bannedExternalImports.filter((p) => !queuePackages.includes(p)) } : c,
        ),
      },
    ],
  },
});

export default config;

// The dashboard's React components (.tsx) get the type-aware rules of the .ts files.
config.push({
  files: ['apps/dashboard/src/**/*.tsx'],
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/switch-exhaustiveness-check': 'error',
    '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
  },
});

// Flat ESLint config for the workspace. Module boundaries follow docs/patterns/module-boundaries.md:
// each project carries exactly one `type:*` and one `scope:*` tag.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const serverOnly = ['express', 'agenda', '@agendajs/*', 'mongoose', 'mongodb', '@aws-sdk/*', 'minio', 'onnxruntime-node', '@tensorflow/tfjs-node*'];

export default [
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
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:adapter', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:adapter', 'type:util'], bannedExternalImports: serverOnly },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'], bannedExternalImports: [...serverOnly, 'pino'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:util'], bannedExternalImports: ['express', '@tensorflow/tfjs-node*'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:clickstream', onlyDependOnLibsWithTags: ['scope:clickstream', 'scope:shared'] },
            { sourceTag: 'scope:training', onlyDependOnLibsWithTags: ['scope:training', 'scope:clickstream', 'scope:experiments', 'scope:serving', 'scope:shared'] },
            { sourceTag: 'scope:experiments', onlyDependOnLibsWithTags: ['scope:experiments', 'scope:shared'] },
            { sourceTag: 'scope:serving', onlyDependOnLibsWithTags: ['scope:serving', 'scope:shared'] },
            {
              sourceTag: 'scope:fine-tuning',
              onlyDependOnLibsWithTags: ['scope:fine-tuning', 'scope:training', 'scope:clickstream', 'scope:experiments', 'scope:serving', 'scope:shared'],
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
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**', '**/src/testing.ts', '**/src/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@embedding-studio/*/testing'], message: 'Testing entries may only be imported from tests.' }] }],
    },
  },
];

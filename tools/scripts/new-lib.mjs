#!/usr/bin/env node
// Scaffolds a library the way every lib here is laid out (see docs/patterns/library-layout.md).
//   node tools/scripts/new-lib.mjs <group> <name> <type> <scope> "<one-line purpose>"
// e.g. node tools/scripts/new-lib.mjs training losses-metrics domain training "Ranking losses and metrics"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [group, name, type, scope, purpose = ''] = process.argv.slice(2);
const types = ['app', 'feature', 'domain', 'adapter', 'util', 'testing'];
if (!group || !name || !types.includes(type ?? '') || !scope) {
  console.error('usage: new-lib.mjs <group> <name> <feature|domain|adapter|util|testing> <scope> "<purpose>"');
  process.exit(2);
}
const root = join('libs', group, name);
if (existsSync(root)) {
  console.error(`${root} already exists`);
  process.exit(1);
}
const pkg = `@embedding-studio/${name}`;
const write = (file, text) => {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
};
write(
  'package.json',
  JSON.stringify(
    {
      name: pkg,
      version: '0.1.0',
      description: purpose,
      license: 'Apache-2.0',
      type: 'module',
      sideEffects: false,
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './testing': { types: './dist/testing.d.ts', default: './dist/testing.js' },
        './package.json': './package.json',
      },
      // Sources ship beside dist so the source maps and declaration maps resolve (docs/adr/0005-library-builds.md).
      files: ['dist', 'src', '!src/**/*.spec.ts', '!src/**/*.int-spec.ts', '!src/**/*.e2e-spec.ts', '!src/**/*.bench.ts'],
      publishConfig: { access: 'public' },
      dependencies: {},
    },
    null,
    2,
  ) + '\n',
);
write(
  'project.json',
  JSON.stringify(
    {
      name,
      $schema: '../../../node_modules/nx/schemas/project-schema.json',
      sourceRoot: `${root}/src`,
      projectType: 'library',
      tags: [`type:${type}`, `scope:${scope}`, 'release:npm'],
      targets: {
        typecheck: {},
        lint: {},
        test: {},
        // Command, dist cleaning, `dependsOn: ["^build"]` and outputs come from nx.json targetDefaults.build.
        build: {},
      },
    },
    null,
    2,
  ) + '\n',
);
write(
  'tsconfig.json',
  JSON.stringify({ extends: '../../../tsconfig.base.json', include: ['src/**/*.ts', 'test/**/*.ts'] }, null, 2) + '\n',
);
write(
  'tsconfig.lib.json',
  JSON.stringify(
    {
      extends: './tsconfig.json',
      // `paths: {}`: the build resolves other workspace libs through node_modules to their built
      // dist/*.d.ts, so no other lib's source enters this program (docs/adr/0005-library-builds.md).
      compilerOptions: { outDir: 'dist', rootDir: 'src', noEmit: false, noEmitOnError: true, paths: {} },
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts', 'src/**/*.e2e-spec.ts', 'src/**/*.bench.ts'],
    },
    null,
    2,
  ) + '\n',
);
write('jest.config.js', `import { preset } from '../../../jest.preset.js';\n\nexport default { ...preset, displayName: '${name}' };\n`);
write('src/index.ts', `// Public API of ${pkg}. Name every export; nothing else is importable.\nexport {};\n`);
write('src/testing.ts', `// Test helpers of ${pkg} (builders, in-memory adapters, contract suites).\nexport {};\n`);
write(
  'README.md',
  `# ${pkg}\n\n${purpose}\n\n## Install\n\n\`\`\`sh\nnpm install ${pkg}\n\`\`\`\n\n## Usage\n\n## API\n\n## Errors\n\n| code | class | when | what to do |\n|---|---|---|---|\n\n## Testing\n\n\`npx nx test ${name}\`\n`,
);

const basePath = 'tsconfig.base.json';
const text = readFileSync(basePath, 'utf8');
const marker = '"paths": {';
const idx = text.indexOf(marker);
const entries = [
  `"${pkg}": ["${root}/src/index.ts"]`,
  `"${pkg}/testing": ["${root}/src/testing.ts"]`,
];
const after = text.slice(idx + marker.length);
const isEmpty = after.trimStart().startsWith('}');
const insertion = '\n      ' + entries.join(',\n      ') + (isEmpty ? '\n    ' : ',');
writeFileSync(basePath, text.slice(0, idx + marker.length) + insertion + (isEmpty ? after.trimStart() : after));
console.log(`created ${root} (${pkg}); tsconfig.base.json paths updated`);
console.log('next: `npm install` links it under node_modules/@embedding-studio, which `nx build` of its dependents resolves to its dist');

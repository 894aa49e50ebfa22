// Type-aware linting for every TypeScript project in the workspace.
import eslint from '@eslint/js';
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';
import { plugin as convis, readProjects, sharedRuleCopies } from './tools/eslint-rules/index.js';

const focusedTests = {
  selector:
    "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']",
  message: 'Focused tests must not be committed.',
};

/** Nest modules export services, not repositories (see featureBoundaries() below). */
const repositoryExports = {
  selector: "Property[key.name='exports'] > ArrayExpression > Identifier[name=/Repository$/]",
  message: 'Modules export services, not repositories: other features call the service.',
};

/**
 * Module boundaries by the projects' Nx tags (package.json `nx.tags`): the rules both sides use
 * live in @convis/contracts (scope:shared), which depends on nothing of ours; the console and the
 * API never import each other; tools (the Graph API simulator) serve the backend and its tests.
 */
const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:frontend', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:backend', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools'] },
];

/** Phone numbers are checked by @convis/contracts' phone rule only. */
const oneRuleImports = {
  name: 'libphonenumber-js',
  message: "Use @convis/contracts' checkPhoneNumber/parseRecipient: one phone rule for all.",
};

/**
 * Feature boundaries in the backend: a feature owns its tables (backend/README.md, "Ownership")
 * and others reach them through its exported service. So no file may import another top-level
 * folder's `*.repository` (not even a type), nor its `*.schema` tables (row types may travel:
 * type-only imports are allowed); the `database/schema` index is for drizzle-kit and the
 * Drizzle instance alone. Schema files may import other schemas, for foreign keys.
 *
 * Nx's module-boundary rule would need @nx/eslint-plugin, which has no release for Nx 24, and
 * it checks projects, not folders inside one. So: ESLint's no-restricted-imports, one entry per
 * folder and depth, matching relative paths exactly (`../` as many times as the file is deep, then
 * the other feature's folder), so a sub-folder named like a feature is never mistaken for it.
 */
function featureBoundaries() {
  const src = new URL('./backend/src/', import.meta.url);
  const features = readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const schemaFiles = ['backend/src/**/*.schema.ts', 'backend/src/database/schema.ts'];
  const configs = [];
  // Depth 0: src/*.ts (app.module.ts, main.ts); then src/<feature>/**, up to 6 folders deep.
  for (const own of [null, ...features]) {
    const others = features.filter((name) => name !== own).join('|');
    for (let depth = own === null ? 0 : 1; depth <= (own === null ? 0 : 6); depth++) {
      const up = depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`;
      const into = `^${up}(?:${others})/(?:[^/]+/)*[^/]+`;
      const repositories = {
        regex: `${into}\\.repository(?:\\.js)?$`,
        message:
          "Another feature's repository: call that feature's exported service instead (backend/README.md, Ownership).",
      };
      const tables = [
        {
          regex: `${into}\\.schema(?:\\.js)?$`,
          allowTypeImports: true,
          message:
            "Another feature's tables: call that feature's exported service instead (row types may be imported with `import type`).",
        },
        ...(own === 'database'
          ? []
          : [
              {
                regex: `^${up}database/schema(?:\\.js)?$`,
                allowTypeImports: true,
                message:
                  "The schema index is for drizzle-kit: import types from the owning feature's <feature>.schema.ts.",
              },
            ]),
      ];
      const files =
        own === null ? ['backend/src/*.ts'] : [`backend/src/${own}/${'*/'.repeat(depth - 1)}*.ts`];
      configs.push(
        {
          files,
          ignores: schemaFiles,
          rules: {
            '@typescript-eslint/no-restricted-imports': [
              'error',
              { patterns: [repositories, ...tables] },
            ],
          },
        },
        {
          files: files.map((glob) => glob.replace(/\*\.ts$/, '*.schema.ts')),
          rules: {
            '@typescript-eslint/no-restricted-imports': ['error', { patterns: [repositories] }],
          },
        },
      );
    }
  }
  return configs;
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.angular/**',
      '**/coverage/**',
      '.data/**',
      '.nx/**',
      'frontend/src/app/core/api/**',
      'e2e/artifacts/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Static methods such as Angular's Validators.required are safe to pass around.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': ['error', focusedTests, repositoryExports],
    },
  },
  {
    plugins: { convis },
    rules: {
      'convis/module-boundaries': [
        'error',
        { projects: readProjects(import.meta.dirname), depConstraints },
      ],
    },
  },
  {
    // No copy of a shared rule comes back: @convis/contracts is the one place for them.
    files: ['backend/**', 'frontend/**', 'tools/graph-simulator/**', 'e2e/**'],
    rules: {
      'no-restricted-syntax': ['error', focusedTests, repositoryExports, ...sharedRuleCopies],
    },
  },
  {
    files: ['frontend/**', 'tools/**', 'e2e/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [oneRuleImports] }] },
  },
  {
    // Framework-free: plain TypeScript and libphonenumber-js, nothing of a platform either.
    files: ['libs/contracts/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!libphonenumber-js$|\\.)',
              message: '@convis/contracts imports nothing but libphonenumber-js and its own files.',
            },
          ],
        },
      ],
    },
  },
  {
    // One rule for optional fields: null only where the API documents it (see fields.ts).
    files: ['backend/src/**/*.ts'],
    ignores: ['backend/src/common/validation/fields.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            oneRuleImports,
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message:
                'Use Optional() from common/validation/fields: IsOptional lets null through to the service.',
            },
          ],
        },
      ],
    },
  },
  ...featureBoundaries(),
  {
    files: ['backend/src/common/validation/fields.ts', 'backend/test/**', 'backend/bench/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [oneRuleImports] }] },
  },
  {
    // Tests read untyped HTTP bodies (supertest's `body` is any); production code stays strict.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Plain JS/MJS scripts and config files are not part of a tsconfig.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'URL',
          'Buffer',
          'fetch',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'AbortController',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);

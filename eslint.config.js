// Type-aware linting for every TypeScript project in the workspace.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import { plugin as convis, readProjects, sharedRuleCopies } from './tools/eslint-rules/index.js';

const focusedTests = {
  selector:
    "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']",
  message: 'Focused tests must not be committed.',
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
      'no-restricted-syntax': ['error', focusedTests],
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
    rules: { 'no-restricted-syntax': ['error', focusedTests, ...sharedRuleCopies] },
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

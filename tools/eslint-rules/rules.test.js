import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RuleTester } from 'eslint';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';
import { moduleBoundaries, readProjects } from './module-boundaries.js';
import { sharedRuleCopies } from './shared-rule-copies.js';

// RuleTester reports through describe/it; node:test provides them.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.afterAll = after;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

/** A repository with four tagged projects, as `npm install` would see it. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  const projects = {
    'libs/contracts': ['@convis/contracts', 'contracts', 'scope:shared'],
    backend: ['@convis/backend', 'backend', 'scope:backend'],
    frontend: ['@convis/frontend', 'frontend', 'scope:frontend'],
    'tools/graph-simulator': ['@convis/graph-simulator', 'graph-simulator', 'scope:tools'],
  };
  writeFileSync(join(root, 'package.json'), JSON.stringify({ workspaces: Object.keys(projects) }));
  for (const [folder, [packageName, name, tag]] of Object.entries(projects)) {
    mkdirSync(join(root, folder), { recursive: true });
    writeFileSync(
      join(root, folder, 'package.json'),
      JSON.stringify({ name: packageName, nx: { name, tags: [tag] } }),
    );
  }
  return root;
}

const root = workspace();
after(() => rmSync(root, { recursive: true, force: true }));
const options = [
  {
    projects: readProjects(root),
    depConstraints: [
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: [] },
      { sourceTag: 'scope:frontend', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:backend', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools'] },
      { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
    ],
  },
];
const at = (path) => join(root, path);

tester.run('module-boundaries', moduleBoundaries, {
  valid: [
    {
      code: "import { MESSAGE_LIMITS } from '@convis/contracts';",
      filename: at('frontend/src/a.ts'),
      options,
    },
    { code: "import { x } from './x';", filename: at('frontend/src/a.ts'), options },
    {
      code: "import { Component } from '@angular/core';",
      filename: at('frontend/src/a.ts'),
      options,
    },
    {
      code: "const sim = await import('@convis/graph-simulator');",
      filename: at('backend/src/a.ts'),
      options,
    },
    {
      code: "import { parsePhoneNumber } from 'libphonenumber-js';",
      filename: at('libs/contracts/src/a.ts'),
      options,
    },
    // Files outside the projects (scripts) are not checked.
    { code: "import '@convis/backend';", filename: at('scripts/dev.ts'), options },
  ],
  invalid: [
    {
      code: "import { LIMITS } from '../../../backend/src/messages/send/dto/send-message.dto';",
      filename: at('frontend/src/app/a.ts'),
      options,
      errors: [{ messageId: 'notAllowed' }],
    },
    {
      code: "import { createSimulator } from '../../tools/graph-simulator/src/index.ts';",
      filename: at('backend/test/a.ts'),
      options,
      errors: [{ messageId: 'byPath' }],
    },
    {
      code: "import { Api } from '@convis/frontend';",
      filename: at('backend/src/a.ts'),
      options,
      errors: [{ messageId: 'notAllowed' }],
    },
    {
      code: "export * from '@convis/backend';",
      filename: at('libs/contracts/src/a.ts'),
      options,
      errors: [{ messageId: 'notAllowed' }],
    },
    {
      code: "type Sim = typeof import('@convis/graph-simulator');",
      filename: at('frontend/src/a.ts'),
      options,
      errors: [{ messageId: 'notAllowed' }],
    },
    {
      code: "import { charCount } from '@convis/contracts/src/text';",
      filename: at('tools/graph-simulator/src/a.ts'),
      options,
      errors: [{ messageId: 'deep' }],
    },
  ],
});

tester.run(
  'no-restricted-syntax: no copy of a shared rule',
  builtinRules.get('no-restricted-syntax'),
  {
    valid: [
      {
        code: "import { MESSAGE_LIMITS } from '@convis/contracts'; const max = MESSAGE_LIMITS.text;",
        options: sharedRuleCopies,
      },
      { code: 'const DIGITS = /^\\d+$/;', options: sharedRuleCopies },
    ],
    invalid: [
      { code: 'export const LIMITS = { text: 4096 };', options: sharedRuleCopies, errors: 1 },
      { code: 'const STATUS_RANK = { sent: 1 };', options: sharedRuleCopies, errors: 1 },
      { code: 'export const PASSWORD_MIN_LENGTH = 8;', options: sharedRuleCopies, errors: 1 },
      { code: 'const ok = /^\\d{5,25}$/.test(id);', options: sharedRuleCopies, errors: 1 },
      {
        code: "text.replace(/\\{\\{\\s*([A-Za-z0-9_]+)\\s*\\}\\}/g, '');",
        options: sharedRuleCopies,
        errors: 1,
      },
      { code: 'const phone = /^[+\\d(]/.test(to);', options: sharedRuleCopies, errors: 1 },
    ],
  },
);

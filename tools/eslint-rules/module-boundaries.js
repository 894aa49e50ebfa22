// Nx module boundaries with the projects' real tags (package.json `nx.tags`), without
// @nx/eslint-plugin (not published for Nx 24). An import is checked against the project it
// reaches: by workspace package name (`@convis/contracts`) or by a relative path that leaves the
// importing project.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** The workspaces of the repository at `root`: package name, folder and Nx tags. */
export function readProjects(root) {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return workspaces.map((folder) => {
    const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    return {
      name: manifest.nx?.name ?? manifest.name,
      packageName: manifest.name,
      dir: resolve(root, folder),
      tags: manifest.nx?.tags ?? [],
    };
  });
}

function projectOfPath(projects, path) {
  return projects
    .filter((project) => path === project.dir || path.startsWith(project.dir + sep))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
}

/** @type {import('eslint').Rule.RuleModule} */
export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Projects depend only on projects their Nx tags allow, by package name.' },
    schema: [
      {
        type: 'object',
        properties: {
          projects: { type: 'array' },
          depConstraints: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                sourceTag: { type: 'string' },
                onlyDependOnLibsWithTags: { type: 'array', items: { type: 'string' } },
              },
              required: ['sourceTag', 'onlyDependOnLibsWithTags'],
              additionalProperties: false,
            },
          },
        },
        required: ['projects', 'depConstraints'],
        additionalProperties: false,
      },
    ],
    messages: {
      notAllowed:
        '{{source}} ({{sourceTags}}) may not import {{target}} ({{targetTags}}): it may only depend on {{allowed}}.',
      byPath:
        'Import {{target}} by its package name ({{packageName}}), not by a path into its folder.',
      deep: 'Import {{packageName}} from its entry point, not {{specifier}}.',
    },
  },
  create(context) {
    const [{ projects, depConstraints }] = context.options;
    const file = context.filename;
    const source = projectOfPath(projects, file);
    if (!source) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const byPath = specifier.startsWith('.');
      const target = byPath
        ? projectOfPath(projects, resolve(dirname(file), specifier))
        : projects.find(
            (p) => specifier === p.packageName || specifier.startsWith(`${p.packageName}/`),
          );
      if (!target || target === source) return;
      const allowed = depConstraints
        .filter((constraint) => source.tags.includes(constraint.sourceTag))
        .flatMap((constraint) => constraint.onlyDependOnLibsWithTags);
      if (!target.tags.some((tag) => allowed.includes(tag))) {
        context.report({
          node,
          messageId: 'notAllowed',
          data: {
            source: source.name,
            sourceTags: source.tags.join(', '),
            target: target.name,
            targetTags: target.tags.join(', '),
            allowed: allowed.length > 0 ? allowed.join(', ') : 'nothing of ours',
          },
        });
      } else if (byPath) {
        context.report({
          node,
          messageId: 'byPath',
          data: { target: target.name, packageName: target.packageName },
        });
      } else if (specifier !== target.packageName) {
        context.report({
          node,
          messageId: 'deep',
          data: { packageName: target.packageName, specifier },
        });
      }
    }

    const fromSource = (node) => check(node.source, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ExportNamedDeclaration: (node) => node.source && fromSource(node),
      ImportExpression: (node) => check(node.source, node.source.value),
      // `typeof import('…')`
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value),
    };
  },
};

// The deployment files stay valid: docker/compose.yml is checked with Debian's docker-compose
// (v1, no Docker engine needed), and the Dockerfiles keep the properties the compose file and
// operators rely on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { REPO_ROOT } from '../support/paths.ts';
import { ensureSystemTool } from '../support/system.ts';

const COMPOSE_FILE = 'docker/compose.yml';
/** Variables compose.yml reads; unset for the run so the result does not depend on the shell. */
const COMPOSE_VARIABLES = [
  'POSTGRES_PASSWORD',
  'JWT_ACCESS_SECRET',
  'JWT_REFRESH_SECRET',
  'ENCRYPTION_KEY',
  'ALLOW_SIGNUP',
  'LOG_LEVEL',
  'CONSOLE_PORT',
  'CONVIS_TAG',
  'COMPOSE_FILE',
  'COMPOSE_PROJECT_NAME',
];

let dockerCompose = 'docker-compose';

function compose(args: string[], extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of COMPOSE_VARIABLES) delete env[name];
  const result = spawnSync(dockerCompose, ['-f', COMPOSE_FILE, ...args], {
    cwd: REPO_ROOT,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Flattens the block-style YAML that `docker-compose config` prints into `a.b.c -> value`.
 * Enough for its normalised output (two-space mappings, `- ` list items); list items are
 * recorded under their parent key as `key[]`.
 */
function flattenYaml(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  const stack: { indent: number; key: string }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const item = /^\s*- (.*)$/.exec(line);
    if (item) {
      const parent = stack.map((s) => s.key).join('.');
      entries.set(`${parent}[]`, [entries.get(`${parent}[]`), item[1]].filter(Boolean).join('\n'));
      continue;
    }
    const pair = /^\s*([\w.-]+|'[^']*'|"[^"]*"):(?:\s+(.*))?$/.exec(line);
    if (!pair?.[1]) continue; // continuation of a folded scalar
    while ((stack.at(-1)?.indent ?? -1) >= indent) stack.pop();
    stack.push({ indent, key: pair[1].replace(/^['"]|['"]$/g, '') });
    entries.set(stack.map((s) => s.key).join('.'), (pair[2] ?? '').replace(/^'(.*)'$/, '$1'));
  }
  return entries;
}

describe('docker/compose.yml', () => {
  before(() => {
    dockerCompose = ensureSystemTool({
      command: 'docker-compose',
      aptPackage: 'docker-compose',
      purpose: 'to validate docker/compose.yml',
    });
  });

  it('passes `docker-compose config -q` with no variables set', () => {
    const result = compose(['config', '-q']);
    assert.equal(result.status, 0, `docker-compose config -q failed:\n${result.stderr}`);
  });

  it('defines postgres, backend and frontend, each with a healthcheck, started in order', () => {
    const result = compose(['config']);
    assert.equal(result.status, 0, result.stderr);
    const config = flattenYaml(result.stdout);

    const services = compose(['config', '--services']).stdout.trim().split('\n').sort();
    assert.deepEqual(services, ['backend', 'frontend', 'postgres']);
    for (const service of services) {
      assert.ok(
        config.has(`services.${service}.healthcheck.test[]`),
        `service ${service} has no healthcheck.test`,
      );
    }

    assert.match(config.get('services.postgres.image') ?? '', /^postgres:16-alpine$/);
    assert.ok(config.has('services.postgres.volumes[]'), 'postgres keeps its data in a volume');
    assert.match(config.get('services.postgres.healthcheck.test[]') ?? '', /pg_isready/);

    assert.equal(config.get('services.backend.depends_on.postgres.condition'), 'service_healthy');
    assert.equal(config.get('services.backend.environment.NODE_ENV'), 'production');
    assert.match(
      config.get('services.backend.environment.DATABASE_URL') ?? '',
      /^postgres(ql)?:\/\/.+@postgres:5432\//,
    );
    assert.match(config.get('services.backend.healthcheck.test[]') ?? '', /\/api\/health/);

    assert.equal(config.get('services.frontend.depends_on.backend.condition'), 'service_healthy');
    assert.match(config.get('services.frontend.ports[]') ?? '', /published: 8080/);

    for (const service of ['backend', 'frontend']) {
      const dockerfile = config.get(`services.${service}.build.dockerfile`) ?? '';
      const context = config.get(`services.${service}.build.context`) ?? '';
      assert.ok(
        existsSync(join(context, dockerfile)),
        `${service}: ${dockerfile} not found in ${context}`,
      );
    }
  });

  it('passes secrets from the environment to the backend', () => {
    const secret = 'e2e-interpolation-check-0123456789abcdef';
    const result = compose(['config'], { JWT_ACCESS_SECRET: secret, POSTGRES_PASSWORD: 's3cret' });
    assert.equal(result.status, 0, result.stderr);
    const config = flattenYaml(result.stdout);
    assert.equal(config.get('services.backend.environment.JWT_ACCESS_SECRET'), secret);
    assert.equal(config.get('services.postgres.environment.POSTGRES_PASSWORD'), 's3cret');
    assert.match(
      config.get('services.backend.environment.DATABASE_URL') ?? '',
      /:s3cret@postgres:/,
    );
  });
});

describe('docker images', () => {
  const read = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8');

  it('runs the backend as a non-root user with a health check', () => {
    const dockerfile = read('docker/backend.Dockerfile');
    assert.match(dockerfile, /^FROM node:24-bookworm-slim|^ARG NODE_IMAGE=node:24-bookworm-slim/m);
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /^EXPOSE 3000$/m);
    assert.match(dockerfile, /^HEALTHCHECK .*\n?.*\/api\/health/m);
    // With the young generation npm start uses (an idle instance otherwise keeps ~130 MB more).
    assert.match(
      dockerfile,
      /^CMD \["node", "--max-semi-space-size=16", "backend\/dist\/main\.js"\]$/m,
    );
  });

  it('serves the console with nginx, proxying /api (SSE-friendly) and /docs', () => {
    const dockerfile = read('docker/frontend.Dockerfile');
    assert.match(dockerfile, /^FROM nginx:1\.27-alpine/m);
    assert.match(dockerfile, /docker\/nginx\.conf/);
    const nginx = read('docker/nginx.conf');
    assert.match(nginx, /location \/api\/ \{[^}]*proxy_buffering off;[^}]*\}/);
    assert.match(nginx, /location \/api\/ \{[^}]*proxy_http_version 1\.1;[^}]*\}/);
    assert.match(nginx, /location \/docs \{[^}]*proxy_pass[^}]*\}/);
    assert.match(nginx, /try_files \$uri \$uri\/ \/index\.html;/);
    assert.match(nginx, /gzip on;/);
  });

  it('keeps local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of [
      '**/node_modules',
      '**/dist',
      '.data',
      '**/.angular',
      '.nx',
      'e2e/artifacts',
    ]) {
      assert.ok(ignored.includes(entry), `.dockerignore lacks ${entry}`);
    }
  });
});

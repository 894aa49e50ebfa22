import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

const strong = () => randomBytes(32).toString('base64');
const productionEnv = () => ({
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://u:p@db:5432/convis',
  JWT_ACCESS_SECRET: strong(),
  JWT_REFRESH_SECRET: strong(),
  ENCRYPTION_KEY: strong(),
});

describe('configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'convis-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts in production with strong secrets', () => {
    const { config, warnings } = loadConfig(productionEnv());
    expect(config.nodeEnv).toBe('production');
    expect(warnings).toEqual([]);
  });

  it.each(['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET', 'ENCRYPTION_KEY'])(
    'refuses to start in production without %s, naming it and how to generate one',
    (name) => {
      const env: Record<string, string | undefined> = { ...productionEnv(), DATA_DIR: dataDir };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(`${name} is required.*Generate one with`));
    },
  );

  it.each([
    ['JWT_ACCESS_SECRET', 'short-secret'],
    ['JWT_ACCESS_SECRET', 'change-me-to-a-long-random-string-please-now'],
    ['JWT_REFRESH_SECRET', 'dev-secret-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    ['JWT_REFRESH_SECRET', 'a'.repeat(64)],
    ['ENCRYPTION_KEY', 'not a key'],
    ['ENCRYPTION_KEY', Buffer.alloc(16, 7).toString('base64')],
  ])('refuses a weak or placeholder %s in production (%s)', (name, value) => {
    expect(() => loadConfig({ ...productionEnv(), [name]: value })).toThrow(new RegExp(name));
  });

  it('refuses in production the development secrets generated into the data folder', () => {
    loadConfig({ DATA_DIR: dataDir });
    const generated = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<
      string,
      string
    >;
    // Production never reads secrets.json: the same data folder without env secrets stops the start.
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: 'postgresql://x@y/z' }),
    ).toThrow(/JWT_ACCESS_SECRET is required/);
    expect(Object.keys(generated).sort()).toEqual([
      'ENCRYPTION_KEY',
      'JWT_ACCESS_SECRET',
      'JWT_REFRESH_SECRET',
    ]);
  });

  it('generates development secrets once, keeps them private, and warns', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]?.message).toMatch(
      /Generated development secrets JWT_ACCESS_SECRET, JWT_REFRESH_SECRET, ENCRYPTION_KEY/,
    );
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);

    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.warnings).toEqual([]);
    expect(second.config.jwt).toEqual(first.config.jwt);
    expect(second.config.encryptionKey).toBe(first.config.encryptionKey);
  });

  it('prefers secrets from the environment over generated ones', () => {
    const secret = strong();
    const { config } = loadConfig({ DATA_DIR: dataDir, JWT_ACCESS_SECRET: secret });
    expect(config.jwt.accessSecret).toBe(secret);
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['ALLOW_SIGNUP', 'maybe', /ALLOW_SIGNUP must be true or false/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres/],
    ['NODE_ENV', 'staging', /NODE_ENV must be/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('explains an invalid %s', (name, value, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).toThrow(message);
  });

  it('turns demo mode on only outside production and without GRAPH_API_BASE_URL', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).config.demo).toEqual({
      enabled: true,
      simulatorPort: 8089,
      history: true,
    });
    expect(loadConfig({ DATA_DIR: dataDir, DEMO_HISTORY: 'false' }).config.demo.history).toBe(
      false,
    );
    expect(
      loadConfig({ DATA_DIR: dataDir, GRAPH_API_BASE_URL: 'https://graph.facebook.com' }).config
        .demo.enabled,
    ).toBe(false);
    expect(loadConfig(productionEnv()).config.demo.enabled).toBe(false);
    expect(loadConfig(productionEnv()).config.graphApi).toMatchObject({
      baseUrl: 'https://graph.facebook.com',
      version: 'v23.0',
    });
    expect(() => loadConfig({ DATA_DIR: dataDir, GRAPH_API_VERSION: '23' })).toThrow(
      /GRAPH_API_VERSION must look like v23.0/,
    );
  });

  it('logs pretty lines for a person in development, JSON lines elsewhere unless told', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).config.logFormat).toBe('pretty');
    expect(loadConfig(productionEnv()).config.logFormat).toBe('json');
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).config.logFormat).toBe('json');
    expect(loadConfig({ ...productionEnv(), LOG_FORMAT: 'pretty' }).config.logFormat).toBe(
      'pretty',
    );
    expect(() => loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'xml' })).toThrow(
      /LOG_FORMAT must be pretty or json/,
    );
  });

  it('runs everything in one process unless PROCESS_ROLE splits web and worker', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).config.role).toBe('all');
    expect(loadConfig({ DATA_DIR: dataDir, PROCESS_ROLE: 'web' }).config.role).toBe('web');
    expect(loadConfig({ DATA_DIR: dataDir, PROCESS_ROLE: 'worker' }).config.role).toBe('worker');
    expect(() => loadConfig({ DATA_DIR: dataDir, PROCESS_ROLE: 'api' })).toThrow(
      /PROCESS_ROLE must be all, web or worker/,
    );
  });

  it('applies the documented defaults', () => {
    const { config } = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: undefined,
      allowSignup: true,
      trustProxy: false,
      jwt: { accessTtlSeconds: 900, refreshTtlSeconds: 2_592_000 },
    });
  });
});

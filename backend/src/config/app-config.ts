import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, two levels above this file in both `src/config` and `dist/config`. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export type NodeEnv = 'development' | 'production' | 'test';

/** The one typed configuration of the backend, built once at start from the environment. */
export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Unset means: start an embedded PostgreSQL in `${dataDir}/postgres`. */
  readonly databaseUrl: string | undefined;
  readonly jwt: {
    readonly accessSecret: string;
    readonly refreshSecret: string;
    readonly accessTtlSeconds: number;
    readonly refreshTtlSeconds: number;
  };
  readonly encryptionKey: string;
  /** Older keys that stay readable until `npm run rotate-keys -w backend` re-encrypted everything. */
  readonly previousEncryptionKeys: readonly string[];
  readonly allowSignup: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty`: coloured lines for a person at a terminal; `json`: one JSON object per line. */
  readonly logFormat: 'pretty' | 'json';
  readonly consoleDir: string;
  /**
   * What this process runs: `all` (the default) serves the API and works the background jobs;
   * `web` serves the API and stores Meta's webhooks, leaving their processing and every job to
   * `worker` processes on the same database (which serve the API too, if given traffic).
   */
  readonly role: ProcessRole;
  /** Where this server is reachable from outside (webhook URLs shown to users). */
  readonly publicUrl: string;
  readonly loginThrottle: { readonly limit: number; readonly ttlSeconds: number };
  /**
   * Trust X-Forwarded-For (client IPs for throttling and logs) and X-Forwarded-Proto (HSTS on
   * HTTPS): only behind a proxy you run.
   */
  readonly trustProxy: boolean;
  readonly graphApi: {
    /** Meta's Graph API, or the simulator's URL in demo mode and tests. */
    readonly baseUrl: string;
    /** True when GRAPH_API_BASE_URL was set (so demo mode is off). */
    readonly baseUrlConfigured: boolean;
    readonly version: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    readonly retryBaseDelayMs: number;
    readonly retryMaxDelayMs: number;
    /**
     * How long a send Meta did not answer (a timeout) waits for its status webhook before it is
     * failed as unanswered. It is never sent again by itself.
     */
    readonly uncertainAfterSeconds: number;
  };
  /**
   * Demo mode: outside production with GRAPH_API_BASE_URL unset, `npm start` runs the Graph API
   * simulator on this port (0 = any free port) and seeds a demo organization, user and account;
   * with `history`, also a week of conversations, once per database (DEMO_HISTORY).
   */
  readonly demo: {
    readonly enabled: boolean;
    readonly simulatorPort: number;
    readonly history: boolean;
  };
  readonly webhooks: {
    /** For the global webhook URL (/api/webhooks/whatsapp); per-account URLs use their own token. */
    readonly verifyToken: string | undefined;
    /** Verifies signatures on the global URL and for accounts without their own app secret. */
    readonly appSecret: string | undefined;
    /**
     * How often the inbox sweep (a pg-boss job, run by one instance at a time) applies stored but
     * unapplied events (after a crash, or stored by another instance); how long a fresh event is
     * left to the instance that stored it; also the first retry delay of a failing event.
     */
    readonly sweepIntervalMs: number;
  };
  /** How long what piles up is kept; 0 keeps it for good. Pruned hourly, in small batches. */
  readonly retention: {
    /** Applied webhook events (Meta's deliveries as received, raw bodies included). */
    readonly webhookEventsDays: number;
    /** Downloaded inbound media files (the message and its text stay). */
    readonly mediaDays: number;
  };
  readonly media: {
    /** Where inbound media is stored (local folder). */
    readonly dir: string;
    /** Larger inbound files are not downloaded. */
    readonly maxBytes: number;
    /** Download attempts per file before it is marked failed (the message itself stays). */
    readonly downloadAttempts: number;
    /**
     * Wait before the first retry of a failed download (pg-boss's retryDelay, whole seconds);
     * doubles per attempt, with jitter (at most 1 hour).
     */
    readonly retryBaseMs: number;
    /**
     * How often an idle download worker asks pg-boss for due jobs (retries, other instances'
     * files); a file registered on this instance wakes its worker at once.
     */
    readonly pollIntervalMs: number;
  };
  readonly jobs: {
    /** Connections pg-boss keeps for its own statements, per instance. */
    readonly poolSize: number;
    /** How often expired jobs and jobs of vanished workers are found and handed on. */
    readonly superviseIntervalSeconds: number;
  };
  readonly campaigns: {
    /** Campaign batches one instance sends at the same time. */
    readonly workersPerInstance: number;
    /** Recipients per job: the unit the instances share a campaign's audience in. */
    readonly chunkSize: number;
    /**
     * How long a recipient may stay `sending` (its worker died between writing the message and
     * hearing Meta's answer) before, with no status from Meta, it is marked `unknown`.
     */
    readonly uncertainAfterSeconds: number;
    /** Wait before a recipient Meta limited (131049) is tried again (Meta says 24 hours). */
    readonly limitedRetrySeconds: number;
    /** How often recipients are reconciled (uncertain sends, limited retries, completion). */
    readonly reconcileIntervalMs: number;
    /**
     * Meta's rate card as CSV (`calling_code,market,marketing,utility,authentication`, USD per
     * message) for the cost estimate before launch; without it the estimate counts, not prices.
     */
    readonly rateCardFile: string | undefined;
  };
}

/** Thrown when the environment cannot make a valid configuration; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SECRET_VARIABLES = ['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET', 'ENCRYPTION_KEY'] as const;
type SecretVariable = (typeof SECRET_VARIABLES)[number];

const MIN_SECRET_LENGTH = 32;
const GENERATE_HINT = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))"`;
/** Placeholders from .env.example and the docs: never acceptable in production. */
const PLACEHOLDER =
  /change[-_ ]?me|replace[-_ ]?me|placeholder|your[-_]|^(dev|test|secret|password|example)[-_]?/i;

export interface ConfigWarning {
  readonly message: string;
}

/**
 * Reads and validates the environment. In development and test, missing secrets are generated
 * once and kept in `${DATA_DIR}/secrets.json` (with a warning); in production a missing,
 * short or placeholder secret stops the start with a message naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): {
  config: AppConfig;
  warnings: ConfigWarning[];
} {
  const warnings: ConfigWarning[] = [];
  const nodeEnv = parseNodeEnv(env['NODE_ENV']);
  const dataDir = absolute(env['DATA_DIR'] || join(REPO_ROOT, '.data'));
  const secrets = resolveSecrets(env, nodeEnv, dataDir, warnings);

  let config: AppConfig = {
    nodeEnv,
    port: parseInteger(env, 'PORT', 3000, 0, 65535),
    host: env['HOST'] || '0.0.0.0',
    dataDir,
    databaseUrl: parseDatabaseUrl(env['DATABASE_URL']),
    jwt: {
      accessSecret: secrets.JWT_ACCESS_SECRET,
      refreshSecret: secrets.JWT_REFRESH_SECRET,
      accessTtlSeconds: parseInteger(env, 'JWT_ACCESS_TTL_SECONDS', 900, 10, 86_400),
      refreshTtlSeconds: parseInteger(
        env,
        'JWT_REFRESH_TTL_SECONDS',
        30 * 86_400,
        60,
        365 * 86_400,
      ),
    },
    encryptionKey: secrets.ENCRYPTION_KEY,
    previousEncryptionKeys: parsePreviousKeys(env['ENCRYPTION_KEY_PREVIOUS'], nodeEnv),
    allowSignup: parseBoolean(env, 'ALLOW_SIGNUP', true),
    logLevel: parseLogLevel(env['LOG_LEVEL'], nodeEnv),
    logFormat: parseLogFormat(env['LOG_FORMAT'], nodeEnv),
    consoleDir: absolute(env['CONSOLE_DIR'] || join(REPO_ROOT, 'frontend/dist/browser')),
    role: parseRole(env['PROCESS_ROLE']),
    publicUrl: '',
    loginThrottle: {
      limit: parseInteger(env, 'LOGIN_THROTTLE_LIMIT', 10, 1, 100_000),
      ttlSeconds: parseInteger(env, 'LOGIN_THROTTLE_TTL_SECONDS', 60, 1, 86_400),
    },
    trustProxy: parseBoolean(env, 'TRUST_PROXY', false),
    graphApi: {
      baseUrl: parseHttpUrl(env, 'GRAPH_API_BASE_URL', 'https://graph.facebook.com'),
      baseUrlConfigured: Boolean(env['GRAPH_API_BASE_URL']),
      version: parseGraphVersion(env['GRAPH_API_VERSION']),
      timeoutMs: parseInteger(env, 'GRAPH_API_TIMEOUT_MS', 15_000, 100, 120_000),
      maxRetries: parseInteger(env, 'GRAPH_API_MAX_RETRIES', 3, 0, 10),
      retryBaseDelayMs: parseInteger(env, 'GRAPH_API_RETRY_BASE_MS', 500, 1, 60_000),
      retryMaxDelayMs: parseInteger(env, 'GRAPH_API_RETRY_MAX_MS', 10_000, 1, 300_000),
      uncertainAfterSeconds: parseInteger(env, 'SEND_UNCERTAIN_AFTER_SECONDS', 600, 1, 86_400),
    },
    webhooks: {
      verifyToken: env['WHATSAPP_WEBHOOK_VERIFY_TOKEN'] || undefined,
      appSecret: env['WHATSAPP_APP_SECRET'] || undefined,
      sweepIntervalMs: parseInteger(env, 'WEBHOOK_SWEEP_INTERVAL_MS', 30_000, 10, 3_600_000),
    },
    retention: {
      webhookEventsDays: parseInteger(env, 'WEBHOOK_RETENTION_DAYS', 30, 0, 36_500),
      mediaDays: parseInteger(env, 'MEDIA_RETENTION_DAYS', 90, 0, 36_500),
    },
    media: {
      dir: absolute(env['MEDIA_DIR'] || join(dataDir, 'media')),
      maxBytes: parseInteger(
        env,
        'MEDIA_MAX_BYTES',
        100 * 1024 * 1024,
        1024,
        2 * 1024 * 1024 * 1024,
      ),
      downloadAttempts: parseInteger(env, 'MEDIA_DOWNLOAD_ATTEMPTS', 8, 1, 50),
      // pg-boss counts retry delays in whole seconds and polls at most every 0.5 s.
      retryBaseMs: parseInteger(env, 'MEDIA_RETRY_BASE_MS', 60_000, 1000, 3_600_000),
      pollIntervalMs: parseInteger(env, 'MEDIA_POLL_INTERVAL_MS', 10_000, 500, 3_600_000),
    },
    jobs: {
      poolSize: parseInteger(env, 'JOBS_POOL_SIZE', 4, 2, 100),
      superviseIntervalSeconds: parseInteger(env, 'JOBS_SUPERVISE_INTERVAL_SECONDS', 10, 1, 3_600),
    },
    campaigns: {
      workersPerInstance: parseInteger(env, 'CAMPAIGN_WORKERS', 4, 1, 64),
      chunkSize: parseInteger(env, 'CAMPAIGN_CHUNK_SIZE', 500, 1, 10_000),
      uncertainAfterSeconds: parseInteger(env, 'CAMPAIGN_UNCERTAIN_AFTER_SECONDS', 600, 1, 86_400),
      limitedRetrySeconds: parseInteger(
        env,
        'CAMPAIGN_LIMITED_RETRY_SECONDS',
        86_400,
        1,
        30 * 86_400,
      ),
      reconcileIntervalMs: parseInteger(
        env,
        'CAMPAIGN_RECONCILE_INTERVAL_MS',
        5_000,
        10,
        3_600_000,
      ),
      rateCardFile: env['PRICING_RATE_CARD_FILE']
        ? absolute(env['PRICING_RATE_CARD_FILE'])
        : undefined,
    },
    demo: {
      enabled: nodeEnv !== 'production' && !env['GRAPH_API_BASE_URL'],
      simulatorPort: parseInteger(env, 'SIMULATOR_PORT', 8089, 0, 65535),
      history: parseBoolean(env, 'DEMO_HISTORY', true),
    },
  };
  config = {
    ...config,
    publicUrl: parseHttpUrl(env, 'PUBLIC_URL', `http://localhost:${config.port}`),
  };
  if (config.jwt.accessSecret === config.jwt.refreshSecret) {
    throw new ConfigError(
      'JWT_ACCESS_SECRET and JWT_REFRESH_SECRET must differ, so a refresh token can never pass as an access token.',
    );
  }
  return { config, warnings };
}

function resolveSecrets(
  env: NodeJS.ProcessEnv,
  nodeEnv: NodeEnv,
  dataDir: string,
  warnings: ConfigWarning[],
): Record<SecretVariable, string> {
  if (nodeEnv === 'production') {
    const result = {} as Record<SecretVariable, string>;
    for (const name of SECRET_VARIABLES) result[name] = requireStrongSecret(name, env[name]);
    return result;
  }
  // Development and test: generate what is missing once, keep it beside the embedded database.
  const file = join(dataDir, 'secrets.json');
  const stored = readStoredSecrets(file);
  const result = {} as Record<SecretVariable, string>;
  const generated: SecretVariable[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = env[name] || stored[name];
    if (value) {
      result[name] = value;
    } else {
      result[name] = randomBytes(32).toString('base64');
      stored[name] = result[name];
      generated.push(name);
    }
  }
  if (generated.length > 0) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    warnings.push({
      message: `Generated development secrets ${generated.join(', ')} and kept them in ${file}. Set them in the environment for any shared or production deployment.`,
    });
  }
  return result;
}

function readStoredSecrets(file: string): Partial<Record<SecretVariable, string>> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<SecretVariable, string>>;
  } catch {
    throw new ConfigError(
      `${file} is not valid JSON: delete it to generate new development secrets.`,
    );
  }
}

function requireStrongSecret(name: SecretVariable, value: string | undefined): string {
  if (!value) {
    throw new ConfigError(
      `${name} is required when NODE_ENV=production. Generate one with: ${GENERATE_HINT}`,
    );
  }
  if (name === 'ENCRYPTION_KEY') {
    const key = decodeKey(value);
    if (!key || key.length !== 32) {
      throw new ConfigError(
        `ENCRYPTION_KEY must be 32 random bytes, base64 or hex encoded. Generate one with: ${GENERATE_HINT}`,
      );
    }
  } else if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `${name} is too weak (${value.length} characters, at least ${MIN_SECRET_LENGTH} needed). Generate one with: ${GENERATE_HINT}`,
    );
  }
  if (PLACEHOLDER.test(value) || new Set(value).size < 10) {
    throw new ConfigError(
      `${name} looks like a placeholder or development value. Generate one with: ${GENERATE_HINT}`,
    );
  }
  return value;
}

function parsePreviousKeys(value: string | undefined, nodeEnv: NodeEnv): string[] {
  const keys = (value ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (nodeEnv === 'production') {
    for (const key of keys) {
      if (decodeKey(key)?.length !== 32) {
        throw new ConfigError(
          'ENCRYPTION_KEY_PREVIOUS must list 32-byte keys (base64 or hex), separated by commas.',
        );
      }
    }
  }
  return keys;
}

/** Accepts 64 hex characters or base64 (standard or url-safe) of 32 bytes. */
export function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return Buffer.from(value, 'base64');
  return undefined;
}

function parseNodeEnv(value: string | undefined): NodeEnv {
  if (!value || value === 'development') return 'development';
  if (value === 'production' || value === 'test') return value;
  throw new ConfigError(`NODE_ENV must be development, production or test (got "${value}").`);
}

function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// connection string.');
  }
  return value;
}

function parseInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

function parseHttpUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL (got "${raw}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL (got "${raw}").`);
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Graph API versions look like v23.0; each lives about two years
 * (https://developers.facebook.com/docs/graph-api/guides/versioning).
 */
function parseGraphVersion(value: string | undefined): string {
  if (!value) return 'v23.0';
  if (!/^v\d{2}\.\d$/.test(value)) {
    throw new ConfigError(`GRAPH_API_VERSION must look like v23.0 (got "${value}").`);
  }
  return value;
}

function parseBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${env[name]}").`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
function parseLogLevel(value: string | undefined, nodeEnv: NodeEnv): AppConfig['logLevel'] {
  if (!value) return nodeEnv === 'test' ? 'silent' : 'info';
  const level = LOG_LEVELS.find((l) => l === value);
  if (!level) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  return level;
}

/** Pretty by default only in development: production log pipelines read JSON lines. */
function parseLogFormat(value: string | undefined, nodeEnv: NodeEnv): AppConfig['logFormat'] {
  if (!value) return nodeEnv === 'development' ? 'pretty' : 'json';
  if (value === 'pretty' || value === 'json') return value;
  throw new ConfigError('LOG_FORMAT must be pretty or json.');
}

export type ProcessRole = 'all' | 'web' | 'worker';

function parseRole(value: string | undefined): ProcessRole {
  if (!value) return 'all';
  if (value === 'all' || value === 'web' || value === 'worker') return value;
  throw new ConfigError('PROCESS_ROLE must be all, web or worker.');
}

/** Whether a process of this role works background jobs (campaigns, webhook processing, …). */
export function worksJobs(role: ProcessRole): boolean {
  return role !== 'web';
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

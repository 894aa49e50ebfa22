import { createApp } from '../app.factory.js';
import { type AppConfig } from '../config/app-config.js';
import { createOpenApiDocument, serializeOpenApiDocument } from './openapi.js';

/** A configuration that only describes the API: nothing connects to it. */
const DESCRIBE_ONLY_CONFIG: AppConfig = {
  nodeEnv: 'test',
  port: 0,
  host: '127.0.0.1',
  dataDir: '/nonexistent',
  databaseUrl: 'postgresql://describe-only@127.0.0.1:1/none',
  jwt: {
    accessSecret: 'describe-only-a',
    refreshSecret: 'describe-only-r',
    accessTtlSeconds: 900,
    refreshTtlSeconds: 86_400,
  },
  encryptionKey: 'describe-only',
  previousEncryptionKeys: [],
  allowSignup: true,
  logLevel: 'silent',
  logFormat: 'json',
  consoleDir: '/nonexistent',
  role: 'all',
  publicUrl: 'http://localhost:3000',
  loginThrottle: { limit: 1, ttlSeconds: 1 },
  trustProxy: false,
  graphApi: {
    baseUrl: 'http://127.0.0.1:1',
    baseUrlConfigured: true,
    version: 'v23.0',
    timeoutMs: 1000,
    maxRetries: 0,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 1,
    uncertainAfterSeconds: 1,
  },
  demo: { enabled: false, simulatorPort: 0, history: false },
  webhooks: { verifyToken: undefined, appSecret: undefined, sweepIntervalMs: 30_000 },
  retention: { webhookEventsDays: 0, mediaDays: 0 },
  media: {
    dir: '/nonexistent',
    maxBytes: 1,
    downloadAttempts: 1,
    retryBaseMs: 1000,
    pollIntervalMs: 10_000,
  },
  jobs: { poolSize: 2, superviseIntervalSeconds: 10 },
  campaigns: {
    workersPerInstance: 1,
    chunkSize: 500,
    uncertainAfterSeconds: 600,
    limitedRetrySeconds: 86_400,
    reconcileIntervalMs: 5_000,
    rateCardFile: undefined,
  },
};

/** The OpenAPI document of the current code, serialised exactly as committed in backend/openapi.json. */
export async function buildOpenApiSpec(): Promise<string> {
  const app = await createApp(DESCRIBE_ONLY_CONFIG, { preview: true });
  try {
    app.setGlobalPrefix('api');
    return serializeOpenApiDocument(createOpenApiDocument(app));
  } finally {
    await app.close();
  }
}

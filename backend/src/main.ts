import { type AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import { createApp } from './app.factory.js';
import { type AppConfig, loadConfig } from './config/app-config.js';
import { runMigrations, createPool } from './database/database.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres.js';
import { type INestApplication } from '@nestjs/common';
import { seedDemoHistory } from './demo/demo-history.js';
import {
  type DemoLogin,
  type DemoSimulator,
  seedDemo,
  startDemoSimulator,
} from './demo/demo-mode.js';
import { startupLogger } from './logging/log-destination.js';
import { databaseFailure, describeStartFailure, listenFailure } from './startup/start-failure.js';

// JSON until the configuration says how to log (LOG_FORMAT); the app then logs through nestjs-pino.
let logger: Logger = pino({ level: process.env['LOG_LEVEL'] || 'info' });

/** Starts the product: config, database (embedded when DATABASE_URL is unset), migrations, HTTP. */
export async function bootstrap(
  env: NodeJS.ProcessEnv = process.env,
): Promise<() => Promise<void>> {
  const { config: loaded, warnings } = loadConfig(env);
  logger = startupLogger(loaded);
  for (const warning of warnings) logger.warn(warning.message);

  let embedded: EmbeddedDatabase | undefined;
  let config: AppConfig = loaded;
  if (!loaded.databaseUrl) {
    logger.info(
      `DATABASE_URL is not set: starting embedded PostgreSQL in ${loaded.dataDir}/postgres`,
    );
    embedded = await startEmbeddedPostgres(loaded.dataDir, {
      server: (line) => logger.debug({ postgres: line }),
      notice: (message) => logger.warn(message),
    });
    config = { ...loaded, databaseUrl: embedded.url };
  }

  let demo: DemoSimulator | undefined;
  try {
    if (config.demo.enabled) {
      const simulatorPort = config.demo.simulatorPort;
      demo = await startDemoSimulator(config).catch((error: unknown) => {
        throw listenFailure(error, 'The demo Graph API simulator', {
          host: '127.0.0.1',
          port: simulatorPort,
          portVariable: 'SIMULATOR_PORT',
        });
      });
      config = { ...config, graphApi: { ...config.graphApi, baseUrl: demo.simulator.url } };
      logger.info(
        `Demo mode: the Graph API simulator runs at ${demo.simulator.url} (set GRAPH_API_BASE_URL to use Meta)`,
      );
    }
    const databaseUrl = config.databaseUrl!;
    await migrate(databaseUrl).catch((error: unknown) => {
      throw databaseFailure(error, databaseUrl);
    });
    const app = await createApp(config);
    await app.listen({ port: config.port, host: config.host }).catch(async (error: unknown) => {
      await app.close();
      throw listenFailure(error, 'The API', {
        host: config.host,
        port: config.port,
        portVariable: 'PORT',
        hostVariable: 'HOST',
      });
    });
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    if (demo) {
      const login = await seedDemo(app, config, demo, port);
      if (config.demo.history) await seedHistory(app, demo, login);
      logger.info(
        `Demo login: ${login.email} / ${login.password} — a demo WhatsApp account on the simulator is connected. ` +
          `Try sending to ${login.recipients.ok} (delivered and read), ${login.recipients.undeliverable} (undeliverable) ` +
          `or ${login.recipients.fails_after_send} (fails after sending).`,
      );
    }
    logger.info(`Convis WhatsApp is up: console ${url}/  API ${url}/api  Swagger ${url}/docs`);
    return async () => {
      await app.close();
      await demo?.simulator.close();
      await embedded?.stop();
    };
  } catch (error) {
    await demo?.simulator.close();
    await embedded?.stop();
    throw error;
  }
}

/**
 * A week of conversations for a new demo organization (once per database). The product starts
 * without it when it fails: the log says why.
 */
async function seedHistory(
  app: INestApplication,
  demo: DemoSimulator,
  login: DemoLogin,
): Promise<void> {
  try {
    const history = await seedDemoHistory(app, demo.simulator, login);
    if (history) {
      logger.info(
        `Demo history: ${history.messages} messages with ${history.customers} customers over the past week, ` +
          `in ${(history.durationMs / 1000).toFixed(1)} s (once per database; DEMO_HISTORY=false skips it)`,
      );
    }
  } catch (error) {
    logger.warn({ err: error }, 'Demo history could not be seeded; the demo starts without it');
  }
}

async function migrate(url: string): Promise<void> {
  const pool = createPool(url);
  try {
    await runMigrations(pool);
  } finally {
    await pool.end();
  }
}

function onceOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

bootstrap().then(onceOnSignal, (error: unknown) => {
  // For a person: what failed and what to change, not a stack (unless it is a bug).
  console.error(`\n${describeStartFailure(error)}\n`);
  process.exit(1);
});

import { type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from './app.factory.js';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { runMigrations, createDatabase, createPool } from './database/database.js';
import {
  type EmbeddedDatabase,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from './database/embedded-postgres.js';
import { type DemoSimulator, seedDemo, startDemoSimulator } from './demo/demo-mode.js';

// Structured JSON from the first line on; the app switches to nestjs-pino once it is built.
const logger = pino({
  level: process.env['LOG_LEVEL'] || 'info',
  base: { service: 'convis-backend' },
});

/** Starts the product: config, database (embedded when DATABASE_URL is unset), migrations, HTTP. */
export async function bootstrap(
  env: NodeJS.ProcessEnv = process.env,
): Promise<() => Promise<void>> {
  const { config: loaded, warnings } = loadConfig(env);
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
      demo = await startDemoSimulator(config);
      config = { ...config, graphApi: { ...config.graphApi, baseUrl: demo.simulator.url } };
      logger.info(
        `Demo mode: the Graph API simulator runs at ${demo.simulator.url} (set GRAPH_API_BASE_URL to use Meta)`,
      );
    }
    await migrate(config.databaseUrl!);
    const app = await createApp(config);
    await app.listen({ port: config.port, host: config.host });
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    if (demo) {
      const login = await seedDemo(app, config, demo, port);
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

async function migrate(url: string): Promise<void> {
  const pool = createPool(url);
  try {
    await runMigrations(createDatabase(pool));
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
  if (error instanceof ConfigError) {
    console.error(`\nConfiguration error: ${error.message}\n`);
  } else if (error instanceof EmbeddedPostgresError) {
    console.error(`\nCould not start: ${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});

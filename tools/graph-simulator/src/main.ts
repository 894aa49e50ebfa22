// CLI: `node dist/main.js` (npm run simulator). Settings come from the environment.
import { createSimulator } from './simulator.ts';
import { seedDemo } from './demo.ts';

function envFlag(name: string): boolean {
  return ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());
}

async function main(): Promise<void> {
  const port = Number(process.env['SIMULATOR_PORT'] ?? 8089);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SIMULATOR_PORT must be a port number, got "${process.env['SIMULATOR_PORT']}"`);
  }
  const host = process.env['SIMULATOR_HOST'] ?? '127.0.0.1';
  const publicUrl = process.env['SIMULATOR_PUBLIC_URL'] || undefined;
  const simulator = await createSimulator({
    port,
    host,
    ...(publicUrl !== undefined && { publicUrl }),
    logger: envFlag('SIMULATOR_LOG_REQUESTS'),
  });
  console.log(
    `Graph API simulator listening on ${simulator.url} (Graph base URL ${simulator.url}/v23.0, admin API ${simulator.url}/_sim)`,
  );

  if (envFlag('SIMULATOR_SEED_DEMO')) {
    const seed = await seedDemo(simulator, {
      webhook_url: process.env['SIMULATOR_DEMO_WEBHOOK_URL'] || null,
      ...(process.env['SIMULATOR_DEMO_APP_SECRET'] && {
        app_secret: process.env['SIMULATOR_DEMO_APP_SECRET'],
      }),
    });
    console.log(
      `Demo account: phone_number_id ${seed.phone_number_id}, waba_id ${seed.waba_id}, token ${seed.access_token}, webhooks -> ${seed.webhook_url ?? '(none)'}`,
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Graph API simulator stopping (${signal})`);
    simulator.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(
    'Graph API simulator failed to start:',
    error instanceof Error ? error.message : error,
  );
  process.exitCode = 1;
});

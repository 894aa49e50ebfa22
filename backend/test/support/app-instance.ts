import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app.factory.js';
import { type AppConfig } from '../../src/config/app-config.js';

/** A backend instance listening on a real port. */
export interface AppInstance {
  readonly app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:43117 */
  readonly url: string;
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * Another backend instance on the database of an existing test app (pass its `t.config`), as a
 * second server behind a load balancer would be: same database, same secrets, its own process
 * state. createTestApp() cannot do this, as it makes a new database on every call.
 */
export async function startInstance(config: AppConfig): Promise<AppInstance> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp(config, { logStream });
  try {
    const url = await listen(app);
    let closing: Promise<void> | undefined;
    // Idempotent: a test may shut the instance down itself before afterAll does.
    return { app, url, logs, close: () => (closing ??= app.close()) };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** Makes an app listen on a free local port (supertest does not need it; fetch does). */
export async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const server = (
    globalThis as { __convisTestDatabase?: { stop(): Promise<void>; dataDir: string } }
  ).__convisTestDatabase;
  if (!server) return;
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
}

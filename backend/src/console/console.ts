import fastifyStatic from '@fastify/static';
import { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Convis WhatsApp</title>
<body style="font-family:system-ui;margin:3rem"><h1>The console is not built yet</h1>
<p>Run <code>npm run build -w frontend</code> (or <code>npm start</code>, which builds it), then reload.
The API is up: see <a href="/docs">/docs</a>.</p></body></html>`;

/** `main-QUNKV2LO.js`, `chunk-4-VgT_qO.js`, `media/roboto-latin-400-normal-54N5OGOO.woff2`. */
const HASHED_FILE = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

/** Serves the built Angular console at `/`, with index.html for every client-side route. */
export async function registerConsole(fastify: FastifyInstance, consoleDir: string): Promise<void> {
  const index = join(consoleDir, 'index.html');
  const built = existsSync(index);
  if (built) {
    await fastify.register(fastifyStatic, {
      root: consoleDir,
      prefix: '/',
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each file (frontend/scripts/precompress.mjs): the
      // smallest one the browser accepts is sent, with no compression work per request.
      preCompressed: true,
      // Hashed files (every script, style and font the build emits) can be cached for good;
      // index.html must always be fresh.
      setHeaders: (reply, path) => {
        const hashed = HASHED_FILE.test(path.replace(/\.(br|gz)$/, ''));
        void reply.header(
          'cache-control',
          hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // API and docs paths keep their JSON 404; a missing asset (a path with an extension) too.
    if (
      path.startsWith('/api/') ||
      path === '/api' ||
      path.startsWith('/docs') ||
      /\.[a-z0-9]+$/i.test(path)
    ) {
      return reply.callNotFound();
    }
    if (!built) return reply.type('text/html').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', consoleDir);
  });
}

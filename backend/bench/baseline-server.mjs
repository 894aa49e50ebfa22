// The benchmark's yardstick: the least a webhook receiver must do — verify the HMAC over the raw
// body and write one row — on bare Fastify, with the same database and pool size as the backend.
import Fastify from 'fastify';
import { createHmac, timingSafeEqual } from 'node:crypto';
import pg from 'pg';

const { BASELINE_PORT, DATABASE_URL, APP_SECRET } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
await pool.query(
  'CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, payload jsonb NOT NULL)',
);

const app = Fastify({ bodyLimit: 3 * 1024 * 1024 });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
  done(null, body),
);
app.post('/hook', async (request, reply) => {
  const raw = request.body;
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`,
  );
  const given = Buffer.from(String(request.headers['x-hub-signature-256'] ?? ''));
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return reply.code(401).send();
  await pool.query('INSERT INTO bench_baseline (payload) VALUES ($1)', [raw.toString('utf8')]);
  return reply.code(200).send('ok');
});
await app.listen({ port: Number(BASELINE_PORT), host: '127.0.0.1' });
process.send?.('ready');
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);

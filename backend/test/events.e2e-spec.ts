import { type LiveEventType } from '@convis/contracts';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import {
  EventsListener,
  LISTENER_APPLICATION_NAME,
} from '../src/events/events-listener.service.js';
import { createOpenApiDocument } from '../src/openapi/openapi.js';
import { EventsService } from '../src/events/events.service.js';
import { EventsSettings } from '../src/events/events.settings.js';
import { type LiveEvent } from '../src/events/events.types.js';
import { type AppInstance, listen, startInstance } from './support/app-instance.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import { SAMPLE_DATA, sampleEvent } from './support/live-events.js';
import { connectSse, dataOf, type SseConnection, type SseFrame } from './support/sse-client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const isEvent = (type: string) => (frame: SseFrame) => frame.event === type;

/** Polls until `check` passes (for state that changes after a socket closes). */
async function eventually(check: () => void | Promise<void>, timeoutMs = 1500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('live events: GET /api/events (Server-Sent Events)', () => {
  let t: TestApp;
  let url: string;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let settings: EventsSettings;
  let defaults: EventsSettings;
  const open: SseConnection[] = [];

  const connect = async (user: SignedInUser, base = url) => {
    const connection = await connectSse(`${base}/api/events`, user.auth);
    open.push(connection);
    // Connected means subscribed: nothing published after `ready` can be missed.
    await connection.next(isEvent('ready'));
    return connection;
  };
  const publish = <T extends LiveEventType>(
    app: { get: TestApp['app']['get'] },
    event: LiveEvent<T>,
  ) => app.get(EventsService).publish(event);
  const listenerConnections = async () => {
    const result = await t.db.execute<{ pid: number }>(
      sql`SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = ${LISTENER_APPLICATION_NAME}`,
    );
    return result.rows.map((row) => row.pid);
  };

  beforeAll(async () => {
    t = await createTestApp();
    url = await listen(t.app);
    alice = await registerAdmin(t, { organization: 'Alice Ltd' });
    bob = await registerAdmin(t, { organization: 'Bob Inc' });
    settings = t.app.get(EventsSettings);
    defaults = { ...settings };
  });
  afterEach(async () => {
    for (const connection of open.splice(0)) connection.close();
    Object.assign(settings, defaults);
    // Every test leaves no feed behind.
    await eventually(() => expect(t.app.get(EventsListener).subscriberCount).toBe(0));
  });
  afterAll(() => t.close());

  it('answers 401 without a token or with a bad one, with the usual error body', async () => {
    const missing = await t.http.get('/api/events').expect(401);
    expect(missing.body).toMatchObject({ status_code: 401, error: 'Unauthorized' });
    expect(missing.headers['content-type']).toContain('application/json');
    const forged = await t.http
      .get('/api/events')
      .set('Authorization', 'Bearer not-a-token')
      .expect(401);
    expect(forged.body).toMatchObject({ status_code: 401 });
  });

  it('is documented in OpenAPI as a bearer-secured text/event-stream', () => {
    const operation = createOpenApiDocument(t.app).paths['/api/events']?.get;
    expect(operation).toMatchObject({
      operationId: 'streamEvents',
      security: [{ bearer: [] }],
      responses: { '200': { content: { 'text/event-stream': expect.any(Object) } } },
    });
    expect(operation?.description).toContain('fetch()');
    expect(operation?.description).toContain('Last-Event-ID');
  });

  it('opens an event stream with SSE headers, retry: 3000 and a ready event first', async () => {
    const stream = await connectSse(`${url}/api/events`, alice.auth);
    open.push(stream);
    const headers = stream.response.headers;
    expect(headers.get('content-type')).toBe('text/event-stream');
    expect(headers.get('cache-control')).toContain('no-cache');
    expect(headers.get('x-accel-buffering')).toBe('no');
    expect(headers.get('x-request-id')).toBeTruthy();
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-encoding')).toBeNull();

    const first = await stream.next();
    expect(first).toMatchObject({ event: 'ready', id: '1', retry: 3000 });
    expect(dataOf(first)).toEqual({
      type: 'ready',
      data: { heartbeat_ms: 2_000 },
      occurred_at: expect.any(String),
    });
  });

  it('writes the frames the console parses, byte for byte', async () => {
    const stream = await connect(alice);
    await publish(t.app, {
      type: 'message.status',
      organizationId: alice.organizationId,
      data: {
        message_id: 'm-1',
        wa_message_id: 'wamid.1',
        status: 'delivered',
        event: 'delivered',
        occurred_at: '2025-01-01T12:00:00.000Z',
      },
    });
    await stream.next(isEvent('message.status'));
    const timestamps = stream.raw().match(/"occurred_at":"[^"]+"/g) ?? [];
    expect(timestamps).toHaveLength(3);
    for (const timestamp of timestamps) {
      expect(timestamp).toMatch(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/);
    }
    expect(stream.raw().replace(/"occurred_at":"[^"]+"/g, '"occurred_at":"<time>"')).toBe(
      // Nest writes a blank line as soon as the headers are out; parsers skip it.
      '\n' +
        'event: ready\nid: 1\nretry: 3000\n' +
        'data: {"type":"ready","data":{"heartbeat_ms":2000},"occurred_at":"<time>"}\n\n' +
        'event: message.status\nid: 2\n' +
        'data: {"type":"message.status","data":{"message_id":"m-1","wa_message_id":"wamid.1","status":"delivered","event":"delivered","occurred_at":"<time>"},"occurred_at":"<time>"}\n\n',
    );
  });

  it("delivers an organization's events in order, and never another organization's", async () => {
    const aliceStream = await connect(alice);
    const bobStream = await connect(bob);

    const app = t.app;
    await publish(app, sampleEvent('message.created', alice.organizationId, 1));
    await publish(app, sampleEvent('message.inbound', bob.organizationId, 1));
    await publish(app, sampleEvent('message.status', alice.organizationId, 2));
    // Several events in one transaction arrive together, in order, once it commits.
    await t.db.transaction(async (tx) => {
      for (const n of [3, 4, 5]) {
        await app
          .get(EventsService)
          .publish(sampleEvent('message.status', alice.organizationId, n), tx);
      }
    });
    await publish(app, sampleEvent('account.changed', bob.organizationId, 2));
    await publish(app, sampleEvent('template.changed', alice.organizationId, 6));

    const now = expect.any(String) as unknown;
    const received: SseFrame[] = [];
    for (let i = 0; i < 6; i++) received.push(await aliceStream.next((f) => f.data !== undefined));
    expect(received.map((frame) => dataOf(frame))).toEqual([
      { type: 'message.created', data: SAMPLE_DATA['message.created'](1), occurred_at: now },
      { type: 'message.status', data: SAMPLE_DATA['message.status'](2), occurred_at: now },
      { type: 'message.status', data: SAMPLE_DATA['message.status'](3), occurred_at: now },
      { type: 'message.status', data: SAMPLE_DATA['message.status'](4), occurred_at: now },
      { type: 'message.status', data: SAMPLE_DATA['message.status'](5), occurred_at: now },
      { type: 'template.changed', data: SAMPLE_DATA['template.changed'](6), occurred_at: now },
    ]);
    expect(received.map((frame) => frame.event)).toEqual([
      'message.created',
      'message.status',
      'message.status',
      'message.status',
      'message.status',
      'template.changed',
    ]);
    // ready was 1; ids count up on each connection.
    expect(received.map((frame) => frame.id)).toEqual(['2', '3', '4', '5', '6', '7']);
    const first = dataOf(received[0]!) as { occurred_at: string };
    expect(Date.parse(first.occurred_at)).toBeGreaterThan(Date.now() - 60_000);

    const bobReceived = [
      await bobStream.next((f) => f.data !== undefined),
      await bobStream.next((f) => f.data !== undefined),
    ];
    expect(bobReceived.map((frame) => dataOf(frame))).toEqual([
      { type: 'message.inbound', data: SAMPLE_DATA['message.inbound'](1), occurred_at: now },
      { type: 'account.changed', data: SAMPLE_DATA['account.changed'](2), occurred_at: now },
    ]);
    // Nothing of the other organization (its events were published before Alice's last one),
    // and no organization id on the wire.
    expect(aliceStream.frames.filter((f) => f.event !== 'ready' && f.data)).toHaveLength(6);
    for (const frame of [...aliceStream.frames, ...bobStream.frames]) {
      expect(frame.data ?? '').not.toContain(alice.organizationId);
      expect(frame.data ?? '').not.toContain(bob.organizationId);
      expect(frame.data ?? '').not.toContain('organization');
    }
  });

  it('ignores malformed payloads on the channel without breaking the stream', async () => {
    const stream = await connect(alice);
    for (const payload of [
      'not json',
      '[]',
      JSON.stringify({ type: 'message.created' }),
      JSON.stringify({ type: 'secret.leaked', organization_id: alice.organizationId, data: {} }),
    ]) {
      await t.db.execute(sql`SELECT pg_notify('convis_events', ${payload})`);
    }
    await publish(t.app, sampleEvent('message.created', alice.organizationId, 1));
    const next = await stream.next((f) => f.data !== undefined);
    expect(dataOf(next)).toMatchObject({
      type: 'message.created',
      data: SAMPLE_DATA['message.created'](1),
    });
    expect(t.logs.some((line) => line.includes('Ignored a live event'))).toBe(true);
  });

  it('sends a `: ping` comment on the heartbeat interval', async () => {
    settings.heartbeatMs = 40;
    const stream = await connect(alice);
    const ping = await stream.next((f) => f.comments.length > 0, 1000);
    expect(ping).toEqual({ comments: ['ping'] });
    await stream.next((f) => f.comments.includes('ping'), 1000);
  });

  it('releases the subscription and the heartbeat when the client disconnects', async () => {
    const listener = t.app.get(EventsListener);
    const before = listener.subscriberCount;
    settings.heartbeatMs = 20;
    const first = await connect(alice);
    const second = await connect(bob);
    expect(listener.subscriberCount).toBe(before + 2);

    first.close();
    await first.ended;
    await eventually(() => expect(listener.subscriberCount).toBe(before + 1));
    second.close();
    await eventually(() => expect(listener.subscriberCount).toBe(before));

    // Publishing to nobody is fine, and the server still serves new streams.
    await publish(t.app, sampleEvent('message.created', alice.organizationId, 6));
    const third = await connect(alice);
    await publish(t.app, sampleEvent('message.created', alice.organizationId, 7));
    // (NOTIFY reaches listeners asynchronously: the event published to nobody may arrive too.)
    await third.next((f) => f.data?.includes('"message_id":"message-7"') === true);
  });

  it('keeps streams open when the LISTEN connection drops, reconnects and sends ready again', async () => {
    settings.reconnectBaseMs = 20;
    const stream = await connect(alice);
    const [pid] = await listenerConnections();
    expect(pid).toBeDefined();

    await t.db.execute(sql`SELECT pg_terminate_backend(${pid})`);
    const resync = await stream.next((f) => f.event !== undefined);
    expect(resync).toMatchObject({ event: 'ready', id: '2' });
    const [newPid] = await listenerConnections();
    expect(newPid).not.toBe(pid);

    await publish(t.app, sampleEvent('message.status', alice.organizationId, 8));
    expect(dataOf(await stream.next((f) => f.event === 'message.status'))).toMatchObject({
      data: SAMPLE_DATA['message.status'](8),
    });
    expect(t.logs.some((line) => line.includes('LISTEN connection lost'))).toBe(true);
    expect(t.logs.some((line) => line.includes('Listening for live events again'))).toBe(true);
  });

  it('retries with backoff while the database refuses connections, then resyncs', async () => {
    settings.reconnectBaseMs = 10;
    settings.reconnectMaxMs = 40;
    const listener = t.app.get(EventsListener);
    const stream = await connect(alice);
    const failures = () =>
      t.logs.filter((line) => line.includes('LISTEN connection failed')).length;
    const failuresBefore = failures();
    // From another database: PostgreSQL refuses to lock out the current one.
    const admin = new pg.Client({ connectionString: process.env['TEST_DATABASE_ADMIN_URL'] });
    await admin.connect();
    const database = pg.escapeIdentifier(new URL(t.config.databaseUrl!).pathname.slice(1));
    try {
      await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
      const [pid] = await listenerConnections();
      await t.db.execute(sql`SELECT pg_terminate_backend(${pid})`);
      await eventually(() => expect(failures()).toBeGreaterThanOrEqual(failuresBefore + 3));
      expect(listener.listening).toBe(false);
    } finally {
      await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    // The stream stayed open throughout, and is told to refetch once events flow again.
    expect(await stream.next((f) => f.event !== undefined)).toMatchObject({ event: 'ready' });
    expect(listener.listening).toBe(true);
    await publish(t.app, sampleEvent('message.inbound', alice.organizationId));
    await stream.next(isEvent('message.inbound'));
  });

  it('ends a stream after the access-token lifetime, so the client reconnects and is checked again', async () => {
    expect(settings.maxStreamMs).toBe(t.config.jwt.accessTtlSeconds * 1000);
    settings.maxStreamMs = 100;
    const stream = await connect(alice);
    await stream.ended;
    expect(stream.frames.map((frame) => frame.event)).toEqual(['ready']);
    await eventually(() => expect(t.app.get(EventsListener).subscriberCount).toBe(0));
  });

  describe('with a second backend instance on the same database', () => {
    let second: AppInstance;
    beforeAll(async () => {
      second = await startInstance(t.config);
    });
    afterAll(() => second?.close());

    it('fans out through PostgreSQL: an event published on one instance reaches clients of the other', async () => {
      expect(await listenerConnections()).toHaveLength(2);
      const onSecond = await connect(alice, second.url);
      const onFirst = await connect(alice, url);
      const bobOnSecond = await connect(bob, second.url);

      await publish(t.app, sampleEvent('message.status', alice.organizationId, 1));
      await publish(second.app, sampleEvent('message.status', alice.organizationId, 2));

      for (const stream of [onSecond, onFirst]) {
        const frames = [
          await stream.next((f) => f.data !== undefined),
          await stream.next((f) => f.data !== undefined),
        ];
        expect(frames.map((frame) => dataOf(frame))).toEqual([
          expect.objectContaining({ data: SAMPLE_DATA['message.status'](1) }),
          expect.objectContaining({ data: SAMPLE_DATA['message.status'](2) }),
        ]);
      }
      await publish(second.app, sampleEvent('message.inbound', bob.organizationId, 3));
      expect(dataOf(await bobOnSecond.next((f) => f.data !== undefined))).toMatchObject({
        data: SAMPLE_DATA['message.inbound'](3),
      });
      expect(bobOnSecond.frames.filter((f) => f.event === 'message.status')).toEqual([]);
    });

    it('ends its open streams and stops listening when an instance shuts down', async () => {
      const stream = await connect(alice, second.url);
      const stillOpen = await connect(alice, url);
      const started = Date.now();
      await second.close();
      await stream.ended;
      expect(Date.now() - started).toBeLessThan(1500);
      expect(await listenerConnections()).toHaveLength(1);

      // The other instance carries on.
      await publish(t.app, sampleEvent('message.created', alice.organizationId, 8));
      expect(dataOf(await stillOpen.next((f) => f.data !== undefined))).toMatchObject({
        data: SAMPLE_DATA['message.created'](8),
      });
    });
  });
});

import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { LiveEventFrame } from '@convis/contracts';
import { anAuthResponse, anErrorBody, settle } from '../../../testing/auth-fixtures';
import { FakeEventsServer } from '../../../testing/fake-event-stream';
import { provideTestApp } from '../../../testing/test-providers';
import { AuthService } from '../auth/auth.service';
import { REALTIME_OPTIONS, type RealtimeOptions, RealtimeService } from './realtime.service';

const OPTIONS: RealtimeOptions = {
  minDelayMs: 5,
  maxDelayMs: 40,
  defaultRetryMs: 5,
  stallTimeoutMs: 2000,
  random: () => 0.5,
};

/** Waits (on real timers) until `check` passes. */
async function eventually(check: () => void, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

describe('RealtimeService', () => {
  let server: FakeEventsServer;
  let http: HttpTestingController;
  let auth: AuthService;
  let realtime: RealtimeService;
  let events: LiveEventFrame[];
  let resyncs: number;

  async function signIn(): Promise<void> {
    const login = auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    http.expectOne('/api/auth/login').flush(anAuthResponse(1));
    await login;
    TestBed.tick();
  }

  beforeEach(() => {
    localStorage.clear();
    server = new FakeEventsServer();
    vi.stubGlobal('fetch', server.fetch);
    TestBed.configureTestingModule({
      providers: [...provideTestApp(), { provide: REALTIME_OPTIONS, useValue: OPTIONS }],
    });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    realtime = TestBed.inject(RealtimeService);
    events = [];
    resyncs = 0;
    realtime.events$.subscribe((event) => events.push(event));
    realtime.resync$.subscribe(() => resyncs++);
    TestBed.tick();
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.unstubAllGlobals();
    http.verify();
  });

  it('stays offline while signed out', async () => {
    await settle();
    expect(server.requests).toHaveLength(0);
    expect(realtime.connection()).toBe('offline');
  });

  it('connects on sign-in with the access token and delivers the events', async () => {
    await signIn();
    const request = await server.nextRequest();
    expect(request.url).toBe('/api/events');
    expect(request.token).toBe('access-1');
    expect(request.headers.get('Accept')).toBe('text/event-stream');
    expect(realtime.connection()).toBe('connecting');

    const statuses: string[] = [];
    realtime.on('message.status').subscribe(({ data }) => statuses.push(data.status));
    const latest = realtime.latest('message.inbound');
    const stream = request.respondWithStream();
    stream.ready({ retry: 3000 });
    await eventually(() => expect(realtime.connection()).toBe('live'));

    stream.event('message.created', {
      message_id: 'm1',
      contact_id: 'c1',
      direction: 'out',
      status: 'queued',
    });
    stream.send(': ping\n\n');
    // One frame in three reads.
    stream.send('event: message.status\nid: 9\n');
    stream.send('data: {"type":"message.status","data":{"message_id":"m1","status":"delivered",');
    stream.send('"event":"delivered"},"occurred_at":"2026-11-24T12:00:00.000Z"}\n\n');
    stream.event('message.inbound', { message_id: 'm2', contact_id: 'c1', preview: 'Hi' });

    await eventually(() => expect(events).toHaveLength(3));
    expect(events.map((event) => event.type)).toEqual([
      'message.created',
      'message.status',
      'message.inbound',
    ]);
    expect(statuses).toEqual(['delivered']);
    expect(latest()?.data.message_id).toBe('m2');
    // The first `ready` of a session is no reason to refetch.
    expect(resyncs).toBe(0);
  });

  it('delivers the inbox events: conversations read elsewhere, media downloads over', async () => {
    await signIn();
    const stream = (await server.nextRequest()).respondWithStream();
    stream.ready();
    await eventually(() => expect(realtime.connection()).toBe('live'));
    const read: string[] = [];
    realtime.on('conversation.read').subscribe(({ data }) => read.push(data.contact_id));

    stream.event('conversation.read', { contact_id: 'c1', read_at: '2026-11-24T12:00:00.000Z' });
    const media = { message_id: 'm1', contact_id: 'c1', mime_type: 'image/jpeg' };
    stream.event('media.stored', { ...media, media_id: 'f1', status: 'stored', size_bytes: 4 });
    // Without the file's id it is of no use: skipped.
    stream.event('media.failed', { ...media, status: 'failed', reason: 'Too large' });
    stream.event('media.failed', {
      ...media,
      media_id: 'f2',
      status: 'failed',
      size_bytes: null,
      reason: 'Too large',
    });

    await eventually(() => expect(events).toHaveLength(3));
    expect(events.map((event) => event.type)).toEqual([
      'conversation.read',
      'media.stored',
      'media.failed',
    ]);
    expect(read).toEqual(['c1']);
    expect(events[2]?.data).toMatchObject({ media_id: 'f2', reason: 'Too large' });
  });

  it('reconnects after the connection breaks, then asks pages to resync', async () => {
    await signIn();
    const first = (await server.nextRequest()).respondWithStream();
    first.ready();
    await eventually(() => expect(realtime.connection()).toBe('live'));

    first.fail();
    await eventually(() => expect(realtime.connection()).toBe('reconnecting'));
    const second = (await server.nextRequest()).respondWithStream();
    expect(realtime.connection()).toBe('reconnecting');
    second.ready();

    await eventually(() => expect(realtime.connection()).toBe('live'));
    expect(resyncs).toBe(1);
    expect(realtime.resyncs()).toBe(1);
  });

  it('backs off after failed attempts and comes back', async () => {
    await signIn();
    (await server.nextRequest()).failWithNetworkError();
    await eventually(() => expect(realtime.connection()).toBe('reconnecting'));
    (await server.nextRequest()).respondWithStatus(503);
    const started = Date.now();
    const third = await server.nextRequest();
    // Second failure: 2 × the minimum delay (jitter pinned to the middle).
    expect(Date.now() - started).toBeGreaterThanOrEqual(8);
    third.respondWithStream().ready();

    await eventually(() => expect(realtime.connection()).toBe('live'));
    // Never live before: nothing to catch up on.
    expect(resyncs).toBe(0);
  });

  it('reconnects after the server ends the stream, waiting its retry', async () => {
    await signIn();
    const first = (await server.nextRequest()).respondWithStream();
    first.ready({ retry: 30 });
    await eventually(() => expect(realtime.connection()).toBe('live'));

    const ended = Date.now();
    first.end();
    const next = await server.nextRequest();
    expect(Date.now() - ended).toBeGreaterThanOrEqual(25);
    next.respondWithStream().ready();
    await eventually(() => expect(resyncs).toBe(1));
  });

  it('replaces a connection that went silent', async () => {
    await signIn();
    const first = (await server.nextRequest()).respondWithStream();
    // Heartbeats every 10 ms: after 25 ms of silence the connection counts as dead.
    first.ready({ heartbeatMs: 10 });
    await eventually(() => expect(realtime.connection()).toBe('live'));

    const next = await server.nextRequest();
    expect(first.cancelled).toBe(true);
    next.respondWithStream().ready();
    await eventually(() => expect(resyncs).toBe(1));
  });

  it('says at once that it is offline when the browser loses the network, and resumes after', async () => {
    await signIn();
    const first = (await server.nextRequest()).respondWithStream();
    first.ready();
    await eventually(() => expect(realtime.connection()).toBe('live'));

    const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine');
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      window.dispatchEvent(new Event('offline'));
      await eventually(() => expect(realtime.connection()).toBe('offline'));
      expect(first.cancelled).toBe(true);
    } finally {
      Reflect.deleteProperty(navigator, 'onLine');
      if (onLine) Object.defineProperty(Navigator.prototype, 'onLine', onLine);
    }
    window.dispatchEvent(new Event('online'));
    (await server.nextRequest()).respondWithStream().ready();
    await eventually(() => expect(realtime.connection()).toBe('live'));
  });

  it('refreshes the token after a 401 and reconnects with the new one', async () => {
    await signIn();
    (await server.nextRequest()).respondWithStatus(401);

    await eventually(() => {
      const refresh = http.expectOne('/api/auth/refresh');
      expect(refresh.request.body).toEqual({ refresh_token: 'refresh-1' });
      refresh.flush(anAuthResponse(2));
    });

    const retried = await server.nextRequest();
    expect(retried.token).toBe('access-2');
    retried.respondWithStream().ready();
    await eventually(() => expect(realtime.connection()).toBe('live'));
  });

  it('takes a token another request already refreshed instead of refreshing again', async () => {
    await signIn();
    const request = await server.nextRequest();
    // The HTTP interceptor refreshed meanwhile.
    const refresh = auth.refreshAccessToken();
    http.expectOne('/api/auth/refresh').flush(anAuthResponse(2));
    await refresh;
    request.respondWithStatus(401);

    const retried = await server.nextRequest();
    expect(retried.token).toBe('access-2');
    http.expectNone('/api/auth/refresh');
    retried.respondWithStream().ready();
    await eventually(() => expect(realtime.connection()).toBe('live'));
  });

  it('signs out when the refresh is refused, and stops connecting', async () => {
    await signIn();
    const router = TestBed.inject(Router);
    (await server.nextRequest()).respondWithStatus(401);
    await eventually(() =>
      http.expectOne('/api/auth/refresh').flush(anErrorBody(401, 'Invalid refresh token'), {
        status: 401,
        statusText: 'Unauthorized',
      }),
    );

    await eventually(() => expect(router.url).toMatch(/^\/login/));
    expect(auth.isAuthenticated()).toBe(false);
    TestBed.tick();
    expect(realtime.connection()).toBe('offline');
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.expectNoPendingRequest();
  });

  it('disconnects on sign-out', async () => {
    await signIn();
    const stream = (await server.nextRequest()).respondWithStream();
    stream.ready();
    await eventually(() => expect(realtime.connection()).toBe('live'));

    const logout = auth.logout();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await logout;
    TestBed.tick();

    expect(realtime.connection()).toBe('offline');
    await eventually(() => expect(stream.cancelled).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.expectNoPendingRequest();
  });
});

/**
 * `fetch()` for `GET /api/events`, driven by a spec: each call waits until the spec answers it
 * with a stream it writes to, a status, or a network error (`HttpTestingController` style).
 *
 * ```ts
 * const server = new FakeEventsServer();
 * vi.stubGlobal('fetch', server.fetch);
 * const stream = (await server.nextRequest()).respondWithStream();
 * stream.ready();
 * stream.event('message.status', { message_id: 'm1', status: 'read', event: 'read' });
 * ```
 */
export class FakeEventsServer {
  private readonly queue: FakeEventsRequest[] = [];
  private readonly waiters: ((request: FakeEventsRequest) => void)[] = [];
  /** Every request so far, answered or not. */
  readonly requests: FakeEventsRequest[] = [];

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const request = new FakeEventsRequest(url, init ?? {}, resolve, reject);
      this.requests.push(request);
      const waiter = this.waiters.shift();
      if (waiter) waiter(request);
      else this.queue.push(request);
    });

  /** The next request not yet taken (waits for it up to `timeoutMs`). */
  nextRequest(timeoutMs = 1000): Promise<FakeEventsRequest> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`No request for /api/events within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (request: FakeEventsRequest): void => {
        clearTimeout(timer);
        resolve(request);
      };
      this.waiters.push(waiter);
    });
  }

  /** Fails unless no request is waiting for an answer. */
  expectNoPendingRequest(): void {
    if (this.queue.length > 0) {
      throw new Error(`Unexpected /api/events requests: ${this.queue.length}`);
    }
  }
}

/** One `fetch()` call, waiting for the spec's answer. */
export class FakeEventsRequest {
  readonly headers: Headers;
  readonly signal: AbortSignal | null;

  constructor(
    readonly url: string,
    init: RequestInit,
    private readonly resolve: (response: Response) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.headers = new Headers(init.headers);
    this.signal = init.signal ?? null;
    this.signal?.addEventListener('abort', () => reject(abortError()), { once: true });
  }

  /** The bearer token sent, or `null`. */
  get token(): string | null {
    return this.headers.get('Authorization')?.replace(/^Bearer /, '') ?? null;
  }

  /** Answers 200 with an event stream the spec writes to. */
  respondWithStream(): FakeEventStream {
    const stream = new FakeEventStream(this.signal);
    this.resolve(fakeResponse(200, 'text/event-stream', stream.body));
    return stream;
  }

  /** Answers with an error status and a JSON body. */
  respondWithStatus(status: number): void {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ status_code: status })));
        controller.close();
      },
    });
    this.resolve(fakeResponse(status, 'application/json', body));
  }

  /** Fails as `fetch()` does when the server cannot be reached. */
  failWithNetworkError(): void {
    this.reject(new TypeError('Failed to fetch'));
  }
}

/** The body of an event stream: the spec sends text, frames, or ends it. */
export class FakeEventStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private nextId = 1;
  private closed = false;
  /** Whether the reader went away (cancelled, or its fetch was aborted). */
  cancelled = false;

  constructor(signal: AbortSignal | null) {
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => {
        this.cancelled = true;
        this.closed = true;
      },
    });
    signal?.addEventListener(
      'abort',
      () => {
        this.cancelled = true;
        if (!this.closed) this.controller.error(abortError());
        this.closed = true;
      },
      { once: true },
    );
  }

  /** Sends raw text (any part of a frame). */
  send(text: string): void {
    if (!this.closed) this.controller.enqueue(this.encoder.encode(text));
  }

  /** Sends one frame as the backend writes it: `event:`, `id:`, `data:` with `{type, data, occurred_at}`. */
  event(type: string, data: Record<string, unknown>, options: { retry?: number } = {}): void {
    const body = JSON.stringify({ type, data, occurred_at: new Date().toISOString() });
    const retry = options.retry === undefined ? '' : `retry: ${options.retry}\n`;
    this.send(`event: ${type}\nid: ${this.nextId++}\n${retry}data: ${body}\n\n`);
  }

  /** The first frame of every stream. */
  ready(options: { retry?: number; heartbeatMs?: number } = {}): void {
    this.event('ready', { heartbeat_ms: options.heartbeatMs ?? 2_000 }, options);
  }

  /** Ends the stream normally (as the backend does after one token lifetime). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.close();
  }

  /** Breaks the stream (the connection dropped). */
  fail(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.error(new TypeError('network error'));
  }
}

function fakeResponse(status: number, contentType: string, body: ReadableStream<Uint8Array>) {
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: new Headers({ 'content-type': contentType }),
    body,
  } as unknown as Response;
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

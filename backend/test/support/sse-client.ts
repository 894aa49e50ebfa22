/** One Server-Sent Events frame (a block of lines ended by a blank line). */
export interface SseFrame {
  readonly event?: string;
  readonly id?: string;
  readonly retry?: number;
  /** The data lines, joined with \n as the SSE spec says. */
  readonly data?: string;
  readonly comments: readonly string[];
}

export interface SseConnection {
  readonly response: Response;
  /** Every frame received so far, in order. */
  readonly frames: readonly SseFrame[];
  /** The exact text received so far. */
  readonly raw: () => string;
  /**
   * The next frame after the ones already returned that matches `predicate` (frames skipped on
   * the way are consumed). Rejects after `timeoutMs` or when the stream ends first.
   */
  next(predicate?: (frame: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  /** Resolves when the server ended the stream (or it was closed here). */
  readonly ended: Promise<void>;
  /** Disconnects, as a browser tab closing would. */
  close(): void;
}

/**
 * Reads an SSE stream the way the console does: `fetch()` with an Authorization header and
 * the body's ReadableStream (EventSource cannot send headers). Fails unless the answer is 200.
 */
export async function connectSse(
  url: string,
  headers: Record<string, string>,
): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  if (response.status !== 200 || !response.body) {
    const body = await response.text();
    throw new Error(`Expected an event stream, got ${response.status}: ${body}`);
  }
  const frames: SseFrame[] = [];
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const waker of [...wakers]) waker();
  };
  let done = false;
  let cursor = 0;
  let raw = '';

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        raw += value;
        buffer += value;
        const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const frame = parseFrame(block);
          if (frame) frames.push(frame);
        }
        wake();
      }
    } catch {
      // Aborted by close(), or the connection broke: either way the stream is over.
    } finally {
      done = true;
      wake();
    }
  })();

  const waitForChange = (ms: number) =>
    new Promise<void>((resolve) => {
      const waker = () => {
        clearTimeout(timer);
        wakers.delete(waker);
        resolve();
      };
      const timer = setTimeout(waker, ms);
      wakers.add(waker);
    });

  return {
    response,
    frames,
    raw: () => raw,
    ended,
    async next(predicate = () => true, timeoutMs = 1500) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (cursor < frames.length) {
          const frame = frames[cursor++]!;
          if (predicate(frame)) return frame;
        }
        if (done) throw new Error(`The stream ended first. Frames: ${JSON.stringify(frames)}`);
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(
            `No matching frame within ${timeoutMs} ms. Frames: ${JSON.stringify(frames)}`,
          );
        }
        await waitForChange(left);
      }
    },
    close() {
      abort.abort();
    },
  };
}

/** The JSON of a frame's data. */
export function dataOf(frame: SseFrame): unknown {
  return JSON.parse(frame.data ?? 'null');
}

function parseFrame(block: string): SseFrame | undefined {
  const comments: string[] = [];
  const data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === '') continue;
    if (line.startsWith(':')) {
      comments.push(line.slice(1).replace(/^ /, ''));
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'retry') retry = Number(value);
    else if (field === 'data') data.push(value);
  }
  if (comments.length === 0 && data.length === 0 && !event && !id && retry === undefined) {
    return undefined;
  }
  return {
    ...(event !== undefined && { event }),
    ...(id !== undefined && { id }),
    ...(retry !== undefined && { retry }),
    ...(data.length > 0 && { data: data.join('\n') }),
    comments,
  };
}

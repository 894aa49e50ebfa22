import { parseLiveMessage } from './live-events';
import { reconnectDelay } from './reconnect-delay';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('reads the frames of a stream as the backend writes it', () => {
    const parser = new SseParser();
    const frames = parser.push(
      '\nevent: ready\nid: 1\nretry: 3000\ndata: {"type":"ready","data":{"heartbeat_ms":20000},"occurred_at":"2026-11-24T12:00:00.000Z"}\n\n' +
        'event: message.status\nid: 2\ndata: {"type":"message.status","data":{"message_id":"m1","status":"read"}}\n\n',
    );

    expect(frames).toEqual([
      {
        event: 'ready',
        id: '1',
        retry: 3000,
        data: '{"type":"ready","data":{"heartbeat_ms":20000},"occurred_at":"2026-11-24T12:00:00.000Z"}',
      },
      {
        event: 'message.status',
        id: '2',
        data: '{"type":"message.status","data":{"message_id":"m1","status":"read"}}',
      },
    ]);
  });

  it('takes the fields in any order', () => {
    const frames = new SseParser().push('data: {}\nretry: 500\nid: 7\nevent: ping\n\n');
    expect(frames).toEqual([{ event: 'ping', id: '7', retry: 500, data: '{}' }]);
  });

  it('joins several data lines with a newline and drops one leading space only', () => {
    const frames = new SseParser().push('data: first\ndata:  second\ndata:third\ndata\n\n');
    expect(frames).toEqual([{ data: 'first\n second\nthird\n' }]);
  });

  it('ignores comments (heartbeats) and blocks made only of comments', () => {
    const parser = new SseParser();
    expect(parser.push(': ping\n\n')).toEqual([]);
    expect(parser.push(':\n: another\nevent: x\n: inside a frame\ndata: 1\n\n')).toEqual([
      { event: 'x', data: '1' },
    ]);
  });

  it('ignores unknown fields, a non-numeric retry and an id with a NUL', () => {
    const frames = new SseParser().push('foo: bar\nretry: 3s\nid: a\u0000b\nevent: x\ndata: y\n\n');
    expect(frames).toEqual([{ event: 'x', data: 'y' }]);
  });

  it('puts frames split across chunks back together, wherever the split falls', () => {
    const text = 'event: a\ndata: {"n":1}\n\n: ping\n\nevent: b\r\ndata: {"n":2}\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const frames = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(frames, `split at ${cut}`).toEqual([
        { event: 'a', data: '{"n":1}' },
        { event: 'b', data: '{"n":2}' },
      ]);
    }
  });

  it('reads a stream fed one character at a time', () => {
    const parser = new SseParser();
    const frames = [...'event: a\rdata: 1\r\rdata: 2\n\n'].flatMap((char) => parser.push(char));
    expect(frames).toEqual([{ event: 'a', data: '1' }, { data: '2' }]);
  });

  it('accepts CRLF, CR and LF line ends, and a byte order mark at the start', () => {
    const frames = new SseParser().push('\uFEFFevent: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r');
    expect(frames).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('keeps a frame the stream has not finished yet', () => {
    const parser = new SseParser();
    expect(parser.push('event: a\ndata: 1\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'a', data: '1' }]);
  });
});

describe('parseLiveMessage', () => {
  const frame = (data: string, event?: string) => ({ data, ...(event && { event }) });

  it('reads ready with its heartbeat', () => {
    expect(
      parseLiveMessage(
        frame('{"type":"ready","data":{"heartbeat_ms":20000},"occurred_at":"t"}', 'ready'),
      ),
    ).toEqual({ type: 'ready', data: { heartbeat_ms: 20000 }, occurred_at: 't' });
  });

  it('reads a live event', () => {
    const data = { message_id: 'm1', status: 'read', event: 'read' };
    expect(
      parseLiveMessage(frame(JSON.stringify({ type: 'message.status', data, occurred_at: 't' }))),
    ).toEqual({ type: 'message.status', data, occurred_at: 't' });
  });

  it('skips frames without data, with broken JSON, of unknown types or without their id', () => {
    expect(parseLiveMessage(frame('', 'ready'))).toBeNull();
    expect(parseLiveMessage(frame('{"type":'))).toBeNull();
    expect(parseLiveMessage(frame('{"type":"campaign.progress","data":{"id":"c"}}'))).toBeNull();
    expect(
      parseLiveMessage(frame('{"type":"message.status","data":{"status":"read"}}')),
    ).toBeNull();
    expect(parseLiveMessage(frame('[1,2]'))).toBeNull();
  });
});

describe('reconnectDelay', () => {
  it('doubles from the minimum up to the maximum', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => reconnectDelay(n, 1000, 30_000, middle))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('spreads each delay by up to 20 % but stays within the bounds', () => {
    expect(reconnectDelay(3, 1000, 30_000, () => 0)).toBe(3200);
    expect(reconnectDelay(3, 1000, 30_000, () => 0.999999)).toBe(4800);
    expect(reconnectDelay(1, 1000, 30_000, () => 0)).toBe(1000);
    expect(reconnectDelay(9, 1000, 30_000, () => 0.999999)).toBe(30_000);
    expect(reconnectDelay(9, 1000, 30_000, () => 0)).toBe(24_000);
  });
});

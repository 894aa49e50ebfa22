/** One Server-Sent Events frame: the fields of a block of lines ended by a blank line. */
export interface SseFrame {
  /** `event:`; absent means the SSE default type, `message`. */
  readonly event?: string;
  /** `id:` (ignored when it contains U+0000, as the SSE spec says). */
  readonly id?: string;
  /** `retry:` in milliseconds (ignored unless it is all ASCII digits). */
  readonly retry?: number;
  /** The `data:` lines joined with `\n`; `''` when the frame had none. */
  readonly data: string;
}

interface PendingFrame {
  event?: string;
  id?: string;
  retry?: number;
  data: string[];
  /** Whether any field (not just comments) was seen. */
  hasFields: boolean;
}

const emptyFrame = (): PendingFrame => ({ data: [], hasFields: false });

/**
 * Incremental parser of a `text/event-stream` body, as the HTML spec reads it: lines end with
 * `\r\n`, `\n` or `\r` (also when a chunk ends between `\r` and `\n`), fields come in any order,
 * one leading space of a value is dropped, several `data:` lines are joined with `\n`, lines that
 * start with `:` are comments (heartbeats) and a blank line ends a frame. Feed it decoded text as
 * it arrives; it returns the frames each chunk completed. A frame cut off by the end of the stream
 * is never returned (the spec discards it too).
 *
 * ```ts
 * const parser = new SseParser();
 * for (const frame of parser.push(decoder.decode(bytes, { stream: true }))) handle(frame);
 * ```
 */
export class SseParser {
  private buffer = '';
  private frame = emptyFrame();
  private started = false;
  /** The last chunk ended with `\r`: a `\n` starting the next one belongs to that line end. */
  private afterCarriageReturn = false;

  /** Reads `chunk` and returns the frames it completed, in order. */
  push(chunk: string): SseFrame[] {
    if (chunk === '') return [];
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    if (this.afterCarriageReturn) {
      this.afterCarriageReturn = false;
      if (text.startsWith('\n')) text = text.slice(1);
    }
    const input = this.buffer + text;
    const frames: SseFrame[] = [];
    let lineStart = 0;
    for (let i = 0; i < input.length; i++) {
      const char = input[i];
      if (char !== '\n' && char !== '\r') continue;
      const line = input.slice(lineStart, i);
      if (char === '\r') {
        if (i + 1 < input.length) {
          if (input[i + 1] === '\n') i++;
        } else {
          this.afterCarriageReturn = true;
        }
      }
      lineStart = i + 1;
      const frame = this.readLine(line);
      if (frame) frames.push(frame);
    }
    this.buffer = input.slice(lineStart);
    return frames;
  }

  /** Handles one complete line; returns a frame when the line was the blank one ending it. */
  private readLine(line: string): SseFrame | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.frame.event = value;
        break;
      case 'data':
        this.frame.data.push(value);
        break;
      case 'id':
        if (value.includes('\0')) return null;
        this.frame.id = value;
        break;
      case 'retry':
        if (!/^\d+$/.test(value)) return null;
        this.frame.retry = Number(value);
        break;
      default:
        // Unknown fields are ignored, as the spec says.
        return null;
    }
    this.frame.hasFields = true;
    return null;
  }

  private dispatch(): SseFrame | null {
    const { event, id, retry, data, hasFields } = this.frame;
    this.frame = emptyFrame();
    if (!hasFields) return null;
    return {
      ...(event !== undefined && { event }),
      ...(id !== undefined && { id }),
      ...(retry !== undefined && { retry }),
      data: data.join('\n'),
    };
  }
}

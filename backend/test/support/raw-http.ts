import { request as httpRequest } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** Sent exactly as given: bad percent-encoding and long segments reach the server as they are. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

/**
 * One HTTP request over a real socket with nothing normalised on the way (supertest and fetch
 * clean up paths). An event stream is answered by its status and headers alone: its body
 * never ends, so the connection is closed once they arrive.
 */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: {
          ...(req.body === undefined ? {} : { 'content-length': Buffer.byteLength(req.body) }),
          ...req.headers,
        },
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (String(response.headers['content-type']).startsWith('text/event-stream')) {
          response.destroy();
          resolve({ status, headers: response.headers, text: '', json: undefined });
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status, headers: response.headers, text, json: parseJson(text) });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

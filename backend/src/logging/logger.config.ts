import { type Params } from 'nestjs-pino';
import { type DestinationStream } from 'pino';
import { type AppConfig } from '../config/app-config.js';
import { logDestination } from './log-destination.js';

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.access_token',
  '*.refresh_token',
  '*.app_secret',
  '*.token',
  '*.secret',
];

/** Query parameters that may carry secrets (Meta's webhook handshake, for one). */
const SECRET_QUERY = /([?&](?:hub\.verify_token|access_token|token)=)[^&]*/gi;

export function loggerParams(config: AppConfig, stream?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        // Fastify assigns the id (reusing X-Request-Id); pino-http logs it as req.id.
        genReqId: (req) => (req as { id?: string }).id ?? 'unknown',
        customProps: () => ({ service: 'convis-backend' }),
        serializers: {
          req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url.replace(SECRET_QUERY, '$1[redacted]'),
            remote_address: req.remoteAddress,
          }),
          res: (res: { statusCode: number }) => ({ status_code: res.statusCode }),
        },
        autoLogging: { ignore: (req) => req.url === '/api/health' },
      },
      stream ?? logDestination(config.logFormat),
    ],
  };
}

import { type DestinationStream, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';
import { type AppConfig } from '../config/app-config.js';

/**
 * Where log lines go: JSON lines on stdout (production, tests, log pipelines), or pino-pretty's
 * coloured lines for a person reading `npm start` (LOG_FORMAT, pretty by default in development).
 */
export function logDestination(format: AppConfig['logFormat']): DestinationStream {
  if (format === 'json') return process.stdout;
  return pretty({
    translateTime: 'SYS:HH:MM:ss.l',
    // Nest's context leads the message; pid, host and service are the same on every line.
    messageFormat: '{if context}{context}: {end}{msg}',
    ignore: 'pid,hostname,service,context',
    singleLine: true,
  });
}

/** The start-up logger (before the app's own, nestjs-pino, exists). */
export function startupLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): Logger {
  return pino(
    { level: config.logLevel, base: { service: 'convis-backend' } },
    logDestination(config.logFormat),
  );
}

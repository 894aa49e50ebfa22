import { inspect } from 'node:util';
import { ConfigError } from '../config/app-config.js';
import { EmbeddedPostgresError } from '../database/embedded-postgres.js';

/**
 * A start that cannot go on, with a message a person can act on: what failed, why, and what to
 * change (a variable, a folder, a process to stop). `main.ts` prints the message alone.
 */
export class StartFailure extends Error {
  override name = 'StartFailure';
}

/** What a person reads when the start fails: the actionable message, or the stack of a bug. */
export function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError) return `Configuration error: ${error.message}`;
  if (error instanceof StartFailure || error instanceof EmbeddedPostgresError) {
    return `Could not start: ${error.message}`;
  }
  if (error instanceof Error) return `Could not start, unexpected error: ${error.stack}`;
  const said = error === undefined || error === null ? '' : inspect(error);
  return (
    'Could not start, unexpected error: ' +
    (said ||
      'it came with no reason; the log above (LOG_LEVEL=debug shows more) has the last step.')
  );
}

/**
 * A server that cannot listen: a port in use, a privileged port or an address this machine does
 * not have, naming the variable to change. Other errors are returned unchanged.
 */
export function listenFailure(
  error: unknown,
  what: string,
  address: { host: string; port: number; portVariable: string; hostVariable?: string },
): unknown {
  const { host, port, portVariable, hostVariable } = address;
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return new StartFailure(
        `${what} cannot listen on ${host}:${port}: the port is in use by another program. ` +
          `Set ${portVariable} to a free port, or stop the program using it.`,
        { cause: error },
      );
    case 'EACCES':
      return new StartFailure(
        `${what} may not listen on ${host}:${port} (ports below 1024 need privileges). ` +
          `Set ${portVariable} to a port above 1023.`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartFailure(
        `${what} cannot listen on ${host}: not an address of this machine. ` +
          `Set ${hostVariable ?? 'HOST'} to one of its addresses (0.0.0.0 = all of them).`,
        { cause: error },
      );
    case undefined:
    default:
      return error;
  }
}

/** Errors that mean the server was not reached or refused us, not that a migration failed. */
const CONNECTION_CODES =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|28P01|28000|3D000|57P03|08\w{3})$/;

/**
 * The database step of the start failed (connecting, then migrating): says which, with the
 * server's reason, the URL without its password, and what to check.
 */
export function databaseFailure(error: unknown, url: string): StartFailure {
  const code = codeOf(error);
  const reason = reasonOf(error);
  const where = withoutPassword(url);
  if (
    (code && CONNECTION_CODES.test(code)) ||
    /Connection terminated|connection timeout/i.test(reason)
  ) {
    const hint =
      code === '28P01' || code === '28000'
        ? 'The user name or password in DATABASE_URL is wrong.'
        : code === '3D000'
          ? 'The database named in DATABASE_URL does not exist: create it (CREATE DATABASE …) or fix the name.'
          : 'Check DATABASE_URL, and that PostgreSQL is running and reachable from this machine.';
    return new StartFailure(`Cannot connect to the database at ${where} (${reason}). ${hint}`, {
      cause: error,
    });
  }
  return new StartFailure(
    `The database migrations (backend/migrations) failed on ${where}: ${reason}. ` +
      'They run in one transaction, so the database was left as it was. Fix the cause ' +
      '(often a table changed by hand, or a database that belongs to another application) and start again.',
    { cause: error },
  );
}

/** The first `code` in the error and its causes (drizzle wraps the driver's error). */
function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The innermost message (the server's own words), with its code. */
function reasonOf(error: unknown): string {
  // Duck-typed: errors from Node's internals may come from another realm (Jest's VM).
  let inner = error as ErrorLike | undefined;
  for (let depth = 0; depth < 5 && isErrorLike(inner?.cause); depth++) inner = inner.cause;
  let message = typeof inner?.message === 'string' ? inner.message : inspect(inner);
  // Node reports a refused localhost as one error per address tried, with an empty message.
  if (!message && Array.isArray(inner?.errors)) {
    message = inner.errors.map((e) => (isErrorLike(e) ? e.message : '')).join(', ');
  }
  const code = inner?.code;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

interface ErrorLike {
  readonly message: string;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown[];
}

function isErrorLike(value: unknown): value is ErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}

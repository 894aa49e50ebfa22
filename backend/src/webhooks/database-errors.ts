/**
 * Whether a database error is worth retrying as a whole: the connection or server went away,
 * or PostgreSQL aborted the transaction for concurrency (deadlock, serialization) or lack of
 * resources. Anything else (a constraint, a bad value, a bug) fails the same way every time.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      // SQLSTATE classes: 08 connection, 40 transaction rollback, 53 resources, 57 operator
      // intervention (e.g. admin shutdown), 58 system error.
      if (/^(08|40|53|57|58)/.test(code)) return true;
      // The server went read-only (a failover in progress).
      if (code === '25006') return true;
      if (/^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)/.test(code)) return true;
    }
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
        message,
      )
    ) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A short, log-safe description of an error (drizzle wraps the driver's error as `cause`). */
export function describeError(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const inner = cause instanceof Error ? cause : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  const code = (inner as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

import { describeMetaError } from './meta-error-catalog.js';

/** Meta's error body: `{ error: { message, type, code, error_subcode?, error_data?, fbtrace_id } }`. */
export interface MetaErrorBody {
  readonly error?: {
    readonly message?: string;
    readonly type?: string;
    readonly code?: number;
    readonly error_subcode?: number;
    readonly error_user_title?: string;
    readonly error_user_msg?: string;
    readonly error_data?: { readonly details?: string; readonly messaging_product?: string };
    readonly fbtrace_id?: string;
    readonly is_transient?: boolean;
  };
}

/** How a Graph API error is logged and stored with a failed message. */
export interface GraphErrorJson {
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly http_status: number;
  readonly title: string;
  readonly message: string;
  readonly details: string | undefined;
  readonly fbtrace_id: string | undefined;
  readonly retryable: boolean;
  readonly explanation: string;
  readonly fix: string;
}

/**
 * Every failure of a Graph API call, as one typed error: Meta's code and details, the trace id
 * to quote to Meta support, whether retrying can help, and what it means for the user.
 */
export class GraphApiError extends Error {
  override name = 'GraphApiError';
  /** Meta's error code, or undefined for network failures and timeouts. */
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  /** HTTP status of Meta's answer; 0 when there was no answer (network, timeout). */
  readonly httpStatus: number;
  readonly details: string | undefined;
  readonly fbtraceId: string | undefined;
  readonly retryable: boolean;
  /** Seconds Meta asked us to wait (Retry-After), when it did. */
  readonly retryAfterSeconds: number | undefined;
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
  /** Meta's own words for people (`error_user_title`, `error_user_msg`), when it gave them. */
  readonly userTitle: string | undefined;
  readonly userMessage: string | undefined;
  /**
   * The request may have reached Meta although no answer came (a timeout, a dropped
   * connection): repeating it may do the thing twice.
   */
  readonly mayHaveArrived: boolean;

  constructor(init: {
    message: string;
    code?: number;
    subcode?: number;
    httpStatus: number;
    details?: string;
    fbtraceId?: string;
    retryable?: boolean;
    retryAfterSeconds?: number;
    title?: string;
    explanation?: string;
    fix?: string;
    userTitle?: string;
    userMessage?: string;
    mayHaveArrived?: boolean;
  }) {
    super(init.message);
    const info = describeMetaError(init.code);
    this.code = init.code;
    this.subcode = init.subcode;
    this.httpStatus = init.httpStatus;
    this.details = init.details;
    this.fbtraceId = init.fbtraceId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.retryable = init.retryable ?? info.retryable;
    this.title = init.title ?? info.title;
    this.explanation = init.explanation ?? info.explanation;
    this.fix = init.fix ?? info.fix;
    this.userTitle = init.userTitle;
    this.userMessage = init.userMessage;
    this.mayHaveArrived = init.mayHaveArrived ?? false;
  }

  static fromResponse(
    status: number,
    body: unknown,
    retryAfterSeconds: number | undefined,
  ): GraphApiError {
    const error = (body as MetaErrorBody | undefined)?.error;
    const code = typeof error?.code === 'number' ? error.code : undefined;
    // Meta's 5xx answers and flagged transient errors are worth retrying whatever the code says.
    const transient = status >= 500 || error?.is_transient === true || status === 429;
    return new GraphApiError({
      message: error?.message ?? `Graph API answered HTTP ${status}`,
      code,
      subcode: error?.error_subcode,
      httpStatus: status,
      details: error?.error_data?.details,
      fbtraceId: error?.fbtrace_id,
      userTitle: error?.error_user_title,
      userMessage: error?.error_user_msg,
      retryAfterSeconds,
      ...(transient ? { retryable: true } : {}),
    });
  }

  static timeout(timeoutMs: number): GraphApiError {
    return new GraphApiError({
      mayHaveArrived: true,
      message: `No answer from the Graph API within ${timeoutMs} ms`,
      httpStatus: 0,
      retryable: true,
      title: 'Meta did not answer in time',
      explanation: 'The request to Meta timed out.',
      fix: 'Nothing to change: it is retried automatically. If it keeps happening, check the network and Meta’s status.',
    });
  }

  static network(cause: string): GraphApiError {
    return new GraphApiError({
      // Refused or unresolved: the request never left. Anything else may have reached Meta.
      mayHaveArrived: !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(cause),
      message: `Could not reach the Graph API: ${cause}`,
      httpStatus: 0,
      retryable: true,
      title: 'Meta could not be reached',
      explanation: 'The connection to Meta failed.',
      fix: 'Check the server’s network access to graph.facebook.com (or GRAPH_API_BASE_URL).',
    });
  }

  /** A compact, token-free summary for logs and for storing with a failed message. */
  toJSON(): GraphErrorJson {
    return {
      code: this.code,
      subcode: this.subcode,
      http_status: this.httpStatus,
      title: this.title,
      message: this.message,
      details: this.details,
      fbtrace_id: this.fbtraceId,
      retryable: this.retryable,
      explanation: this.explanation,
      fix: this.fix,
    };
  }
}

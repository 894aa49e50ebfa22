// Meta-shaped errors: `{ error: { message, type, code, error_subcode?, error_data?, fbtrace_id } }`.

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    fbtrace_id: string;
  };
}

export interface GraphErrorInit {
  status: number;
  code: number;
  message: string;
  type?: string;
  subcode?: number;
  details?: string;
  isTransient?: boolean;
  userTitle?: string;
  userMsg?: string;
  headers?: Record<string, string>;
}

export class GraphError extends Error {
  readonly status: number;
  readonly code: number;
  readonly type: string;
  readonly subcode: number | undefined;
  readonly details: string | undefined;
  readonly isTransient: boolean | undefined;
  readonly userTitle: string | undefined;
  readonly userMsg: string | undefined;
  readonly headers: Record<string, string>;

  constructor(init: GraphErrorInit) {
    super(init.message);
    this.name = 'GraphError';
    this.status = init.status;
    this.code = init.code;
    this.type = init.type ?? 'OAuthException';
    this.subcode = init.subcode;
    this.details = init.details;
    this.isTransient = init.isTransient;
    this.userTitle = init.userTitle;
    this.userMsg = init.userMsg;
    this.headers = init.headers ?? {};
  }

  toBody(fbtraceId: string): GraphErrorBody {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        ...(this.subcode !== undefined && { error_subcode: this.subcode }),
        ...(this.details !== undefined && {
          error_data: { messaging_product: 'whatsapp' as const, details: this.details },
        }),
        ...(this.isTransient !== undefined && { is_transient: this.isTransient }),
        ...(this.userTitle !== undefined && { error_user_title: this.userTitle }),
        ...(this.userMsg !== undefined && { error_user_msg: this.userMsg }),
        fbtrace_id: fbtraceId,
      },
    };
  }
}

interface CodeInfo {
  status: number;
  title: string;
  details: string;
  transient?: boolean;
  type?: string;
}

/**
 * Meta error codes: HTTP status, title and a default `details`, after Meta's error-code reference
 * (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes).
 * 130429 / 131056 use `rate_limit_http_status` instead (see README).
 */
const CODES: Record<number, CodeInfo> = {
  0: {
    status: 401,
    title: 'AuthException',
    details: 'We were unable to authenticate the app user.',
  },
  1: {
    status: 500,
    title: 'An unknown error occurred',
    details: 'Invalid request or possible server error.',
    transient: true,
  },
  2: {
    status: 503,
    title: 'Service temporarily unavailable',
    details: 'Temporary due to downtime or due to being overloaded.',
    transient: true,
  },
  3: {
    status: 500,
    title: 'Application does not have the capability to make this API call.',
    details: 'Capability or permissions issue.',
  },
  4: {
    status: 429,
    title: 'Application request limit reached',
    details: 'The app has reached its API call rate limit.',
    transient: true,
  },
  10: {
    status: 403,
    title: 'Application does not have permission for this action',
    details: 'Permission is either not granted or has been removed.',
  },
  17: {
    status: 429,
    title: 'User request limit reached',
    details: 'User-level rate limit exceeded.',
    transient: true,
  },
  100: { status: 400, title: 'Invalid parameter', details: 'Invalid parameter.' },
  190: {
    status: 401,
    title: 'Access token has expired',
    details: 'Your access token has expired.',
  },
  200: { status: 403, title: 'Permissions error', details: 'Permission is missing.' },
  368: {
    status: 403,
    title: 'Temporarily blocked for policies violations',
    details: 'The WhatsApp Business Account is restricted for violating a platform policy.',
  },
  80007: {
    status: 429,
    title: 'Rate limit issues',
    details: 'The WhatsApp Business Account has reached its rate limit.',
    transient: true,
  },
  130429: {
    status: 400,
    title: 'Rate limit hit',
    details: 'Cloud API message throughput has been reached.',
    transient: true,
  },
  130472: {
    status: 400,
    title: "User's number is part of an experiment",
    details: "Failed to send message because this user's phone number is part of an experiment.",
  },
  130497: {
    status: 403,
    title: 'Business account is restricted from messaging users in this country',
    details: 'The business account is restricted from messaging users in this country.',
  },
  131000: {
    status: 500,
    title: 'Something went wrong',
    details: 'Message failed to send due to an unknown error.',
    transient: true,
  },
  131005: {
    status: 403,
    title: 'Access denied',
    details: 'Permission is either not granted or has been removed.',
  },
  131008: {
    status: 400,
    title: 'Required parameter is missing',
    details: 'The request is missing a required parameter.',
  },
  131009: {
    status: 400,
    title: 'Parameter value is not valid',
    details: 'One or more parameter values are invalid.',
  },
  131016: {
    status: 503,
    title: 'Service unavailable',
    details: 'A service is temporarily unavailable.',
    transient: true,
  },
  131021: {
    status: 400,
    title: 'Recipient cannot be sender',
    details: 'Sender and recipient phone number is the same.',
  },
  131026: {
    status: 400,
    title: 'Message undeliverable',
    details:
      "Unable to deliver message. The recipient's phone number isn't a WhatsApp phone number, or the recipient hasn't accepted the latest Terms of Service, or uses an old WhatsApp version.",
  },
  131031: {
    status: 403,
    title: 'Business Account locked',
    details:
      'The WhatsApp Business Account associated with the app has been restricted or disabled.',
  },
  131042: {
    status: 400,
    title: 'Business eligibility payment issue',
    details: 'There was an error related to your payment method.',
  },
  131045: {
    status: 400,
    title: 'Incorrect certificate',
    details: 'Message failed to send due to a phone number registration error.',
  },
  131047: {
    status: 400,
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: {
    status: 400,
    title: 'Spam rate limit hit',
    details:
      'Message failed to send because there are restrictions on how many messages can be sent from this phone number.',
  },
  131049: {
    status: 400,
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details:
      'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  },
  131050: {
    status: 400,
    title:
      'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business',
    details: 'The recipient has opted out of marketing messages from this business.',
  },
  131051: {
    status: 400,
    title: 'Unsupported message type',
    details: 'Message type is currently not supported.',
  },
  131052: {
    status: 400,
    title: 'Media download error',
    details: 'Unable to download the media sent by the user.',
  },
  131053: {
    status: 400,
    title: 'Media upload error',
    details: 'Unable to upload the media used in the message.',
  },
  131056: {
    status: 400,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
    transient: true,
  },
  131057: {
    status: 500,
    title: 'Account in maintenance mode',
    details: 'Business Account is in maintenance mode.',
    transient: true,
  },
  131062: {
    status: 400,
    title: 'Business-scoped user ID not supported',
    details: 'Authentication templates cannot be sent to a business-scoped user ID.',
  },
  132000: {
    status: 400,
    title: 'Number of parameters does not match the expected number of params',
    details:
      'The number of variable parameter values does not match the number of variables in the template.',
  },
  132001: {
    status: 404,
    title: 'Template name does not exist in the translation',
    details: 'The template does not exist in the specified language or has not been approved.',
  },
  132005: {
    status: 400,
    title: 'Translated text too long',
    details: 'Translated text is too long.',
  },
  132007: {
    status: 400,
    title: 'Template Format Character Policy Violated',
    details: 'Template content violates a WhatsApp policy.',
  },
  132012: {
    status: 400,
    title: 'Parameter format does not match format in the created template',
    details: 'Variable parameter values formatted incorrectly.',
  },
  132015: {
    status: 400,
    title: 'Template is Paused',
    details: 'Template is paused due to low quality.',
  },
  132016: {
    status: 400,
    title: 'Template is Disabled',
    details: 'Template has been permanently disabled.',
  },
  132018: {
    status: 400,
    title: 'There was an issue with the parameters in your template.',
    details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces.',
  },
  133004: {
    status: 503,
    title: 'Server temporarily unavailable',
    details: 'Server is temporarily unavailable.',
    transient: true,
  },
  133010: {
    status: 404,
    title: 'Phone number Not Registered',
    details: 'The phone number is not registered on the WhatsApp Business Platform.',
  },
};

/** HTTP status Meta uses for a code (400 for codes we do not know). */
export function statusForCode(code: number): number {
  const info = CODES[code];
  if (info) return info.status;
  if (code >= 200 && code <= 299) return 403;
  return 400;
}

export interface MetaErrorOverrides {
  details?: string;
  message?: string;
  status?: number;
  subcode?: number;
  userTitle?: string;
  userMsg?: string;
  headers?: Record<string, string>;
  /** false = no error_data (plain Graph errors). */
  withDetails?: boolean;
}

/** An error with Meta's title, HTTP status and default details for `code`. */
export function metaError(code: number, overrides: MetaErrorOverrides = {}): GraphError {
  const info = CODES[code];
  const title = info?.title ?? 'Unknown error';
  return new GraphError({
    status: overrides.status ?? statusForCode(code),
    code,
    message: overrides.message ?? (code === 190 ? title : `(#${code}) ${title}`),
    subcode: overrides.subcode,
    details:
      overrides.withDetails === false
        ? undefined
        : (overrides.details ?? info?.details ?? `Error ${code}.`),
    isTransient: info?.transient,
    userTitle: overrides.userTitle,
    userMsg: overrides.userMsg,
    headers: overrides.headers,
    type: info?.type,
  });
}

/** Title of a code, for `errors[].title` in failed status webhooks. */
export function titleForCode(code: number): string {
  return CODES[code]?.title ?? 'Unknown error';
}

export function detailsForCode(code: number): string {
  return CODES[code]?.details ?? `Error ${code}.`;
}

// ------------------------------------------------------------ common Graph errors

/** `(#100) <text>` with optional error_data details. */
export function invalidParameter(text: string, details?: string): GraphError {
  return new GraphError({ status: 400, code: 100, message: `(#100) ${text}`, details });
}

export function missingParameter(name: string, details?: string): GraphError {
  return invalidParameter(`The parameter ${name} is required.`, details);
}

export function tooLong(param: string, max: number, withDetails: boolean): GraphError {
  const text = `Param ${param} must be at most ${max} characters long.`;
  return invalidParameter(text, withDetails ? text : undefined);
}

export function required131008(details: string): GraphError {
  return metaError(131008, { details });
}

export function invalid131009(details: string): GraphError {
  return metaError(131009, { details });
}

/** What Graph answers for ids that do not exist or that the token cannot see. */
export function unsupportedRequest(method: string, id: string): GraphError {
  return new GraphError({
    status: 400,
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

export function nonexistingField(field: string, nodeType: string): GraphError {
  return new GraphError({
    status: 400,
    code: 100,
    message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
  });
}

export function unknownPath(path: string): GraphError {
  return new GraphError({ status: 400, code: 2500, message: `Unknown path components: ${path}` });
}

export function missingToken(): GraphError {
  return new GraphError({
    status: 401,
    code: 104,
    message: 'An access token is required to request this resource.',
    headers: {
      'www-authenticate':
        'OAuth "Facebook Platform" "invalid_request" "An access token is required to request this resource."',
    },
  });
}

export function invalidToken(): GraphError {
  return new GraphError({
    status: 401,
    code: 190,
    message: 'Invalid OAuth access token - Cannot parse access token',
    headers: {
      'www-authenticate':
        'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"',
    },
  });
}

export function expiredToken(expiredAt: Date, now: Date): GraphError {
  const fmt = (d: Date): string => d.toUTCString();
  const message = `Error validating access token: Session has expired on ${fmt(expiredAt)}. The current time is ${fmt(now)}.`;
  return new GraphError({
    status: 401,
    code: 190,
    subcode: 463,
    message,
    headers: { 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${message}"` },
  });
}

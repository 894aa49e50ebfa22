/**
 * What Meta's Cloud API error codes mean for a user, and whether retrying can help.
 * Source: Meta's error-code reference (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes),
 * in our own words.
 */
export interface MetaErrorInfo {
  readonly title: string;
  /** Retrying the same request later may succeed (transient, throttling, maintenance). */
  readonly retryable: boolean;
  /** Plain language: what happened. */
  readonly explanation: string;
  /** What the user should do. */
  readonly fix: string;
}

const AUTH: MetaErrorInfo = {
  title: 'Access token rejected',
  retryable: false,
  explanation: 'Meta did not accept the access token: it is wrong, expired or was revoked.',
  fix: 'Create a new (ideally permanent system-user) token in Meta Business Settings and update the account.',
};
const PERMISSION: MetaErrorInfo = {
  title: 'Permission missing',
  retryable: false,
  explanation:
    'The token lacks a permission this call needs, or the app is not allowed to use this feature.',
  fix: 'Give the token the whatsapp_business_messaging and whatsapp_business_management permissions for this WhatsApp Business Account.',
};
const TRANSIENT: MetaErrorInfo = {
  title: 'Temporary problem at Meta',
  retryable: true,
  explanation: 'Meta could not handle the request just now.',
  fix: 'Nothing to change: it is retried automatically. If it keeps happening, check Meta’s platform status.',
};
const BAD_PARAMETER: MetaErrorInfo = {
  title: 'Invalid request',
  retryable: false,
  explanation: 'Meta refused a parameter of the request: one is missing or has a wrong value.',
  fix: 'Check the details below, correct the message and send it again.',
};
const TEMPLATE_UNAVAILABLE: MetaErrorInfo = {
  title: 'Template not available',
  retryable: false,
  explanation: 'The template does not exist in this language, or it is not approved (yet).',
  fix: 'Pick an approved template and the language it was approved in; sync templates to see their status.',
};

/** Meta's throughput limit for the number (messages per second). */
export const THROUGHPUT_REACHED = 130429;
/** Too many messages to the same user in a short time. */
export const PAIR_RATE_LIMIT = 131056;
/** Meta's rate limits: throughput, pair rate, and the app and account call limits (4, 80007). */
export const RATE_LIMIT_CODES: readonly number[] = [THROUGHPUT_REACHED, PAIR_RATE_LIMIT, 4, 80007];

const CATALOG: Readonly<Record<number, MetaErrorInfo>> = {
  0: AUTH,
  190: AUTH,
  3: PERMISSION,
  10: PERMISSION,
  1: TRANSIENT,
  2: TRANSIENT,
  131000: TRANSIENT,
  131016: { ...TRANSIENT, title: 'Service unavailable' },
  133004: { ...TRANSIENT, title: 'Server temporarily unavailable' },
  4: {
    title: 'Too many API calls',
    retryable: true,
    explanation: 'The app reached Meta’s limit on API calls.',
    fix: 'Nothing to change: calls are retried with a pause. Spread large sends over time.',
  },
  80007: {
    title: 'Business account rate limit',
    retryable: true,
    explanation:
      'Too many management calls (templates, phone numbers) for this WhatsApp Business Account.',
    fix: 'Wait a little; calls are retried with a pause.',
  },
  130429: {
    title: 'Throughput limit reached',
    retryable: true,
    explanation: 'The phone number sent more messages per second than Meta allows for it.',
    fix: 'Nothing to change: messages are queued and retried. Campaigns are paced to the number’s limit.',
  },
  131056: {
    title: 'Too many messages to this person',
    retryable: true,
    explanation: 'Too many messages went to the same recipient in a short time (pair rate limit).',
    fix: 'Wait before messaging this person again; other recipients are not affected.',
  },
  131048: {
    title: 'Spam rate limit',
    retryable: false,
    explanation: 'Meta restricted this number because recipients reported or blocked its messages.',
    fix: 'Pause marketing sends, review message quality and check the number’s quality rating.',
  },
  131049: {
    title: 'Held back for a healthy ecosystem',
    retryable: false,
    explanation:
      'Meta chose not to deliver this marketing message to keep user engagement healthy.',
    fix: 'Do not resend within 24 hours; send fewer marketing messages to this person.',
  },
  131064: {
    title: 'Template category limit',
    retryable: false,
    explanation: 'Sending is limited because templates were used outside their category.',
    fix: 'Use templates in their approved category; the limit is lifted by Meta.',
  },
  131047: {
    title: 'Customer service window closed',
    retryable: false,
    explanation:
      'More than 24 hours have passed since this person last wrote, so only templates may be sent.',
    fix: 'Send an approved template instead; free-form messages work again once they reply.',
  },
  131026: {
    title: 'Message undeliverable',
    retryable: false,
    explanation:
      'The recipient cannot receive it: not on WhatsApp, an outdated app, or they have not accepted the terms.',
    fix: 'Check the number. Do not retry this message.',
  },
  131050: {
    title: 'Recipient opted out of marketing',
    retryable: false,
    explanation: 'This person stopped marketing messages from your business.',
    fix: 'Respect the choice: remove them from marketing campaigns.',
  },
  130472: {
    title: 'Recipient in a Meta experiment',
    retryable: false,
    explanation: 'Meta held this marketing message back as part of an experiment.',
    fix: 'Nothing to do; this is not counted against you.',
  },
  131051: {
    title: 'Unsupported message type',
    retryable: false,
    explanation: 'WhatsApp does not support this kind of message here.',
    fix: 'Send a supported type (text, template, media, interactive).',
  },
  131052: {
    title: 'Media download failed',
    retryable: false,
    explanation: 'The media the person sent could not be downloaded.',
    fix: 'Ask them to send it again.',
  },
  131053: {
    title: 'Media upload failed',
    retryable: false,
    explanation:
      'The media file could not be used: an unsupported type, too large, or not reachable.',
    fix: 'Use a supported format within the size limit (image 5 MB, video and audio 16 MB, document 100 MB).',
  },
  131057: {
    title: 'Account in maintenance',
    retryable: true,
    explanation: 'The phone number is briefly in maintenance (for example a throughput upgrade).',
    fix: 'Nothing to change: retried shortly.',
  },
  100: BAD_PARAMETER,
  131008: { ...BAD_PARAMETER, title: 'Required parameter missing' },
  131009: { ...BAD_PARAMETER, title: 'Parameter value not valid' },
  131021: {
    title: 'Sender is the recipient',
    retryable: false,
    explanation: 'The message was addressed to the business’s own number.',
    fix: 'Send to another number.',
  },
  131031: {
    title: 'Account locked',
    retryable: false,
    explanation: 'Meta locked the WhatsApp Business Account, usually for a policy violation.',
    fix: 'Check Business Support Home in Meta Business Suite and appeal if needed.',
  },
  368: {
    title: 'Temporarily blocked for policy violations',
    retryable: false,
    explanation: 'Meta restricted the account for violating its policies.',
    fix: 'Check Business Support Home in Meta Business Suite.',
  },
  130497: {
    title: 'Country restricted',
    retryable: false,
    explanation: 'This account may not message users in this country.',
    fix: 'Check Meta’s country restrictions for your business.',
  },
  131042: {
    title: 'Payment problem',
    retryable: false,
    explanation: 'Meta could not charge the business’s payment method.',
    fix: 'Fix the payment method in Meta Business Settings.',
  },
  131045: {
    title: 'Phone number not registered',
    retryable: false,
    explanation: 'The phone number is not registered with the Cloud API.',
    fix: 'Register the number in WhatsApp Manager.',
  },
  133010: {
    title: 'Phone number not registered',
    retryable: false,
    explanation: 'The phone number is not registered with the Cloud API.',
    fix: 'Register the number in WhatsApp Manager.',
  },
  132000: {
    title: 'Wrong number of template parameters',
    retryable: false,
    explanation: 'The number of variables sent does not match the template’s placeholders.',
    fix: 'Fill in exactly one value per {{n}} placeholder in the header, body and buttons.',
  },
  132001: TEMPLATE_UNAVAILABLE,
  132005: {
    title: 'Template text too long',
    retryable: false,
    explanation:
      'With its variables filled in, the template’s text is longer than WhatsApp allows.',
    fix: 'Shorten the variable values.',
  },
  132007: {
    title: 'Template violates policy',
    retryable: false,
    explanation: 'The filled-in template breaks WhatsApp’s content policy.',
    fix: 'Change the variable values or the template.',
  },
  132012: {
    title: 'Template parameter format wrong',
    retryable: false,
    explanation:
      'A variable has the wrong format (for example text where a media header is expected).',
    fix: 'Match each variable to the type the template expects.',
  },
  132015: {
    title: 'Template paused',
    retryable: false,
    explanation: 'Meta paused the template because of low quality.',
    fix: 'Edit the template or use another one.',
  },
  132016: {
    title: 'Template disabled',
    retryable: false,
    explanation: 'Meta disabled the template because of repeated low quality.',
    fix: 'Create a new template.',
  },
  131062: {
    title: 'Not allowed for username users',
    retryable: false,
    explanation: 'Authentication templates cannot be sent to a business-scoped user id.',
    fix: 'Send authentication templates to a phone number.',
  },
  133016: {
    title: 'Registration attempts throttled',
    retryable: false,
    explanation: 'Too many register or deregister attempts for this number.',
    fix: 'Try again later.',
  },
};

const UNKNOWN: MetaErrorInfo = {
  title: 'Meta error',
  retryable: false,
  explanation: 'Meta refused the request.',
  fix: 'See the details and Meta’s error code reference.',
};

/** Permission errors 200–299 share one meaning. */
export function describeMetaError(code: number | undefined): MetaErrorInfo {
  if (code === undefined) return UNKNOWN;
  if (code >= 200 && code <= 299) return PERMISSION;
  return CATALOG[code] ?? UNKNOWN;
}

// `no-restricted-syntax` selectors that refuse a copy of a rule @convis/contracts holds: a
// declaration under one of its names, or one of its regular expressions written out again.

const NAMES = [
  // message limits and types
  'LIMITS',
  'MESSAGE_LIMITS',
  'MESSAGE_TYPES',
  // media
  'MEDIA_RULES',
  'MEDIA_TYPES',
  'MEDIA_KINDS',
  'MAX_MEDIA_BYTES',
  // statuses
  'MESSAGE_STATUSES',
  'STATUS_RANK',
  'RANK',
  // live events
  'LIVE_EVENT_TYPES',
  'EVENT_PREVIEW_LENGTH',
  'EVENT_PREVIEW',
  'LIVE_PREVIEW_LENGTH',
  'MEDIA_EVENT_REASON_LENGTH',
  // fields
  'PASSWORD_MIN_LENGTH',
  'PASSWORD_MAX_LENGTH',
  'GRAPH_ID_PATTERN',
  'SERVICE_WINDOW_MS',
  // templates
  'TEMPLATE_LIMITS',
  'TEMPLATE_CATEGORIES',
  'TEMPLATE_BUTTON_TYPES',
  'TEMPLATE_NAME_PATTERN',
  'TEMPLATE_LANGUAGE_PATTERN',
  'TEMPLATE_EDIT_LIMITS',
  'TEMPLATE_REASON_TEXT',
];

const MESSAGE = 'This rule lives in @convis/contracts: import it instead of writing it again.';

/** Regular expressions of the package's rules (as `RegExp#source`). */
const PATTERNS = [
  // the Graph id
  String.raw`^\d{5,25}$`,
  // template placeholders
  String.raw`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`,
  // "is this recipient a phone number"
  String.raw`^[+\d(]`,
  // template names and language codes
  String.raw`^[a-z0-9_]+$`,
  String.raw`^[a-z]{2,3}(_[A-Z]{2})?$`,
];

const escape = (text) => text.replace(/[\\'"]/g, (char) => `\\${char}`);

export const sharedRuleCopies = [
  {
    selector: `VariableDeclarator[id.name=/^(${NAMES.join('|')})$/]`,
    message: MESSAGE,
  },
  ...PATTERNS.map((pattern) => ({
    selector: `Literal[regex.pattern='${escape(pattern)}']`,
    message: MESSAGE,
  })),
];

// Meta's rules for creating a message template, checked before a template goes to Meta: by the
// console's builder as the user types, by the API before it calls Meta, and by the simulator
// when it reviews a template as Meta does. Numbers and rules from Meta's documentation:
// - components and limits:
//   https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components
// - names, parameter formats, creation:
//   https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview
// - editing (approved: 10 edits per 30 days, one per 24 hours; category fixed) and deleting
//   (the name cannot be reused for 30 days):
//   https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates#edit-a-message-template
import { formatBytes, MEDIA_RULES, type MediaRule, normalizeMime } from './media.ts';
import { checkPhoneNumber } from './phone.ts';
import { templatePlaceholders } from './templates.ts';
import { charCount } from './text.ts';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Header formats the builder offers (Meta also has LOCATION and GIF headers). */
export const TEMPLATE_HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;
export type TemplateHeaderFormat = (typeof TEMPLATE_HEADER_FORMATS)[number];

export const TEMPLATE_BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'] as const;
export type TemplateButtonType = (typeof TEMPLATE_BUTTON_TYPES)[number];

/** Statuses Meta gives a template (the status webhook's events and the Graph `status` field). */
export const TEMPLATE_STATUSES = [
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'ARCHIVED',
  'PENDING_DELETION',
  'DELETED',
  'LIMIT_EXCEEDED',
] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** Meta's template quality ratings (`message_template_quality_update`). */
export const TEMPLATE_QUALITY_RATINGS = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;

/** Meta's limits on a template's parts (characters as `charCount` counts them). */
export const TEMPLATE_LIMITS = {
  name: 512,
  headerText: 60,
  headerVariables: 1,
  body: 1024,
  footer: 60,
  buttons: 10,
  urlButtons: 2,
  phoneNumberButtons: 1,
  copyCodeButtons: 1,
  buttonText: 25,
  url: 2000,
  phoneNumber: 20,
  copyCodeExample: 15,
} as const;

/** Lowercase letters, digits and underscores. */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9_]+$/;

/** Meta's language codes: `en`, `en_US`, `pt_BR`, `fil`. */
export const TEMPLATE_LANGUAGE_PATTERN = /^[a-z]{2,3}(_[A-Z]{2})?$/;

/** A named variable: lowercase letters, digits and underscores, starting with a letter. */
export const TEMPLATE_VARIABLE_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** How often Meta lets an approved template be edited, and how long a deleted name stays taken. */
export const TEMPLATE_EDIT_LIMITS = {
  editsPerWindow: 10,
  windowDays: 30,
  hoursBetweenEdits: 24,
  nameReuseDays: 30,
} as const;

/** Statuses in which Meta accepts an edit. */
export const TEMPLATE_EDITABLE_STATUSES: readonly string[] = ['APPROVED', 'REJECTED', 'PAUSED'];

/**
 * The sample file of a media header: the types Meta's Resumable Upload API takes for it, and
 * the sizes WhatsApp sends (https://developers.facebook.com/docs/graph-api/guides/upload).
 */
export const TEMPLATE_SAMPLE_RULES: {
  readonly [F in Exclude<TemplateHeaderFormat, 'TEXT'>]: MediaRule;
} = {
  IMAGE: { mimes: ['image/jpeg', 'image/png'], maxBytes: MEDIA_RULES.image.maxBytes },
  VIDEO: { mimes: ['video/mp4'], maxBytes: MEDIA_RULES.video.maxBytes },
  DOCUMENT: { mimes: ['application/pdf'], maxBytes: MEDIA_RULES.document.maxBytes },
};

/** The header format a sample file can illustrate, or undefined when none takes its type. */
export function templateSampleFormat(mimeType: string): 'IMAGE' | 'VIDEO' | 'DOCUMENT' | undefined {
  const mime = normalizeMime(mimeType);
  return (['IMAGE', 'VIDEO', 'DOCUMENT'] as const).find((format) =>
    TEMPLATE_SAMPLE_RULES[format].mimes.includes(mime),
  );
}

/** Why a file cannot be a header's sample, for people; undefined when it can. */
export function templateSampleProblem(mimeType: string, sizeBytes: number): string | undefined {
  const format = templateSampleFormat(mimeType);
  if (!format)
    return `A header sample is a JPEG or PNG image, an MP4 video or a PDF, not ${normalizeMime(mimeType) || 'this file'}.`;
  const max = TEMPLATE_SAMPLE_RULES[format].maxBytes;
  if (sizeBytes > max) return `A ${format.toLowerCase()} sample is at most ${formatBytes(max)}.`;
  if (sizeBytes === 0) return 'The file is empty.';
  return undefined;
}

// ---------------------------------------------------------------- shapes

/** A template's component as Meta's Graph API spells it (create body and listings). */
export interface TemplateComponentSpec {
  readonly type: string;
  readonly format?: string;
  readonly text?: string;
  readonly example?: {
    readonly header_text?: readonly string[];
    readonly header_text_named_params?: readonly NamedExample[];
    readonly header_handle?: readonly string[];
    readonly body_text?: readonly (readonly string[])[];
    readonly body_text_named_params?: readonly NamedExample[];
  };
  readonly buttons?: readonly TemplateButtonSpec[];
}

export interface NamedExample {
  readonly param_name: string;
  readonly example: string;
}

export interface TemplateButtonSpec {
  readonly type: string;
  readonly text?: string;
  readonly url?: string;
  readonly phone_number?: string;
  /** URL: the whole example URL (one); COPY_CODE: the example code. */
  readonly example?: readonly string[] | string;
}

/** What `POST /{waba-id}/message_templates` takes. */
export interface TemplateSpec {
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly parameter_format?: 'POSITIONAL' | 'NAMED';
  readonly components: readonly TemplateComponentSpec[];
}

/**
 * A template as the builder and the API's create route take it: one field per part, variables'
 * examples by name. `templateSpec` turns it into Meta's shape.
 */
export interface TemplateDraft {
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly header?: TemplateDraftHeader | null;
  readonly body: {
    readonly text: string;
    /** One example per variable, by its name (`1`, `order_id`). */
    readonly examples?: Readonly<Record<string, string>>;
  };
  readonly footer?: { readonly text: string } | null;
  readonly buttons?: readonly TemplateDraftButton[];
}

export interface TemplateDraftHeader {
  readonly format: string;
  /** TEXT: the header, with at most one variable. */
  readonly text?: string;
  /** TEXT: the example of its variable. */
  readonly example?: string;
  /** IMAGE, VIDEO, DOCUMENT: the sample file's handle from Meta's Resumable Upload API. */
  readonly handle?: string;
}

export interface TemplateDraftButton {
  readonly type: string;
  /** The label (QUICK_REPLY, URL, PHONE_NUMBER); Meta labels COPY_CODE itself. */
  readonly text?: string;
  /** URL: the address; `{{1}}` at its end makes its suffix dynamic. */
  readonly url?: string;
  /** URL: the example of the dynamic suffix; COPY_CODE: the example code. */
  readonly example?: string;
  /** PHONE_NUMBER: the number to call, international (`+15550101234`). */
  readonly phone_number?: string;
}

/** One broken rule: the field (`body.text`, `buttons.2.url`) and the reason, for people. */
export interface TemplateIssue {
  readonly field: string;
  readonly reason: string;
}

// ---------------------------------------------------------------- draft -> Meta's shape

/** Variables of the draft's header and body in order, and whether they are named. */
export function templateVariables(draft: Pick<TemplateDraft, 'header' | 'body'>): {
  readonly header: string[];
  readonly body: string[];
  readonly format: 'POSITIONAL' | 'NAMED';
} {
  const header = draft.header?.format === 'TEXT' ? templatePlaceholders(draft.header.text) : [];
  const body = templatePlaceholders(draft.body.text);
  const named = [...header, ...body].some((name) => !/^\d+$/.test(name));
  return { header, body, format: named ? 'NAMED' : 'POSITIONAL' };
}

/** The draft in Meta's shape, as `POST /{waba-id}/message_templates` takes it. */
export function templateSpec(draft: TemplateDraft): TemplateSpec {
  const variables = templateVariables(draft);
  const named = variables.format === 'NAMED';
  const components: TemplateComponentSpec[] = [];
  const header = draft.header;
  if (header) {
    if (header.format === 'TEXT') {
      const name = variables.header[0];
      const example = header.example ?? '';
      components.push({
        type: 'HEADER',
        format: 'TEXT',
        text: header.text ?? '',
        ...(name === undefined
          ? {}
          : named
            ? { example: { header_text_named_params: [{ param_name: name, example }] } }
            : { example: { header_text: [example] } }),
      });
    } else {
      components.push({
        type: 'HEADER',
        format: header.format,
        ...(header.handle ? { example: { header_handle: [header.handle] } } : {}),
      });
    }
  }
  const examples = draft.body.examples ?? {};
  const bodyExample = (name: string): string => examples[name] ?? '';
  components.push({
    type: 'BODY',
    text: draft.body.text,
    ...(variables.body.length === 0
      ? {}
      : named
        ? {
            example: {
              body_text_named_params: variables.body.map((name) => ({
                param_name: name,
                example: bodyExample(name),
              })),
            },
          }
        : { example: { body_text: [positionalOrder(variables.body).map(bodyExample)] } }),
  });
  if (draft.footer?.text) components.push({ type: 'FOOTER', text: draft.footer.text });
  if (draft.buttons && draft.buttons.length > 0) {
    components.push({ type: 'BUTTONS', buttons: draft.buttons.map(buttonSpec) });
  }
  return {
    name: draft.name,
    language: draft.language,
    category: draft.category,
    parameter_format: variables.format,
    components,
  };
}

function positionalOrder(names: readonly string[]): string[] {
  return [...names].sort((a, b) => Number(a) - Number(b));
}

function buttonSpec(button: TemplateDraftButton): TemplateButtonSpec {
  switch (button.type) {
    case 'URL': {
      const url = button.url ?? '';
      const dynamic = templatePlaceholders(url).length > 0;
      return {
        type: 'URL',
        text: button.text ?? '',
        url,
        ...(dynamic && button.example
          ? { example: [url.replace(/\{\{\s*\w+\s*\}\}/, button.example)] }
          : {}),
      };
    }
    case 'PHONE_NUMBER':
      return {
        type: 'PHONE_NUMBER',
        text: button.text ?? '',
        phone_number: button.phone_number ?? '',
      };
    case 'COPY_CODE':
      return { type: 'COPY_CODE', example: button.example ?? '' };
    default:
      return { type: button.type, text: button.text ?? '' };
  }
}

// ---------------------------------------------------------------- the rules

/**
 * Meta's creation rules that can be checked without Meta, on a template in Meta's shape.
 * Returns every broken rule (none: Meta may still reject it on review, for its content).
 */
export function checkTemplate(spec: TemplateSpec): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const add = (field: string, reason: string): void => {
    issues.push({ field, reason });
  };

  if (!spec.name) add('name', 'Give the template a name.');
  else if (!TEMPLATE_NAME_PATTERN.test(spec.name))
    add('name', 'Use only lowercase letters, digits and underscores (order_update_2).');
  else if (charCount(spec.name) > TEMPLATE_LIMITS.name)
    add('name', `At most ${TEMPLATE_LIMITS.name} characters.`);

  if (!TEMPLATE_LANGUAGE_PATTERN.test(spec.language ?? ''))
    add('language', 'Use a language code Meta knows, such as en, en_US or pt_BR.');
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(spec.category))
    add('category', `Choose one of ${TEMPLATE_CATEGORIES.join(', ')}.`);

  const byType = new Map<string, TemplateComponentSpec[]>();
  for (const component of spec.components) {
    const type = String(component.type).toUpperCase();
    if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type)) {
      add('components', `Unknown component ${String(component.type)}.`);
      continue;
    }
    byType.set(type, [...(byType.get(type) ?? []), component]);
  }
  for (const [type, list] of byType) {
    if (list.length > 1) add('components', `A template has at most one ${type}.`);
  }
  const header = byType.get('HEADER')?.[0];
  const body = byType.get('BODY')?.[0];
  const footer = byType.get('FOOTER')?.[0];
  const buttons = byType.get('BUTTONS')?.[0]?.buttons ?? [];

  const headerVariables =
    header && (header.format ?? 'TEXT').toUpperCase() === 'TEXT'
      ? templatePlaceholders(header.text)
      : [];
  const bodyVariables = templatePlaceholders(body?.text);
  const all = [...headerVariables, ...bodyVariables];
  const positional = all.filter((name) => /^\d+$/.test(name));
  const mixed = positional.length > 0 && positional.length < all.length;
  const named = positional.length === 0 && all.length > 0;
  if (mixed) {
    add(
      'body.text',
      'Use either numbered variables ({{1}}, {{2}}) or named ones ({{order_id}}), not both.',
    );
  }
  if (spec.parameter_format === 'NAMED' && positional.length > 0 && !mixed)
    add('body.text', 'Named templates use named variables ({{order_id}}), not {{1}}.');
  if (spec.parameter_format !== 'NAMED' && named && spec.parameter_format !== undefined)
    add('body.text', 'Positional templates use numbered variables ({{1}}, {{2}}).');

  if (header) checkHeader(header, headerVariables, add);
  if (!body) add('body.text', 'A template needs a body.');
  else checkBody(body, bodyVariables, add);
  if (footer) {
    const text = footer.text ?? '';
    if (!text) add('footer.text', 'Write the footer or remove it.');
    if (charCount(text) > TEMPLATE_LIMITS.footer)
      add('footer.text', `At most ${TEMPLATE_LIMITS.footer} characters.`);
    if (templatePlaceholders(text).length > 0 || text.includes('{{'))
      add('footer.text', 'A footer cannot have variables.');
  }
  checkButtons(buttons, add);
  return issues;
}

type Add = (field: string, reason: string) => void;

function checkHeader(header: TemplateComponentSpec, variables: string[], add: Add): void {
  const format = (header.format ?? 'TEXT').toUpperCase();
  if (!(TEMPLATE_HEADER_FORMATS as readonly string[]).includes(format)) {
    add('header.format', `Choose one of ${TEMPLATE_HEADER_FORMATS.join(', ')}.`);
    return;
  }
  if (format !== 'TEXT') {
    const handle = header.example?.header_handle?.[0];
    if (!handle) add('header.handle', `Add a sample ${format.toLowerCase()} for Meta's review.`);
    return;
  }
  const text = header.text ?? '';
  if (!text.trim()) add('header.text', 'Write the header or choose no header.');
  if (charCount(text) > TEMPLATE_LIMITS.headerText)
    add('header.text', `At most ${TEMPLATE_LIMITS.headerText} characters.`);
  checkMalformed(text, variables, 'header.text', add);
  if (variables.length > TEMPLATE_LIMITS.headerVariables) {
    add('header.text', 'A header can have only one variable.');
    return;
  }
  const name = variables[0];
  if (name === undefined) return;
  if (/^\d+$/.test(name) && name !== '1') add('header.text', 'The header’s variable is {{1}}.');
  if (!/^\d+$/.test(name) && !TEMPLATE_VARIABLE_NAME_PATTERN.test(name))
    add('header.text', variableNameReason(name));
  const example =
    header.example?.header_text?.[0] ??
    header.example?.header_text_named_params?.find((p) => p.param_name === name)?.example;
  if (!example?.trim()) add('header.example', `Give an example for {{${name}}}.`);
}

function checkBody(body: TemplateComponentSpec, variables: string[], add: Add): void {
  const text = body.text ?? '';
  if (!text.trim()) {
    add('body.text', 'Write the message.');
    return;
  }
  if (charCount(text) > TEMPLATE_LIMITS.body)
    add('body.text', `At most ${TEMPLATE_LIMITS.body} characters.`);
  checkMalformed(text, variables, 'body.text', add);
  if (/\}\}\s*\{\{/.test(text))
    add('body.text', 'Put words between variables: two variables cannot be next to each other.');
  if (/^\s*\{\{/.test(text)) add('body.text', 'The message cannot start with a variable.');
  if (/\}\}\s*$/.test(text) && variables.length > 0)
    add('body.text', 'The message cannot end with a variable.');

  const positional = variables.filter((name) => /^\d+$/.test(name));
  if (positional.length === variables.length && positional.length > 0) {
    const numbers = positional.map(Number).sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1))
      add('body.text', 'Number the variables in order from {{1}}: {{1}}, {{2}}, {{3}}…');
  }
  for (const name of variables) {
    if (!/^\d+$/.test(name) && !TEMPLATE_VARIABLE_NAME_PATTERN.test(name))
      add('body.text', variableNameReason(name));
  }

  const example = body.example;
  const missing: string[] = [];
  if (example?.body_text_named_params) {
    for (const name of variables) {
      const value = example.body_text_named_params.find((p) => p.param_name === name)?.example;
      if (!value?.trim()) missing.push(name);
    }
  } else {
    const values = example?.body_text?.[0] ?? [];
    positionalOrder(variables).forEach((name, i) => {
      if (!values[i]?.trim()) missing.push(name);
    });
    if (values.length > variables.length)
      add('body.examples', 'There are more examples than variables.');
  }
  if (missing.length > 0) {
    add(
      'body.examples',
      `Give one example per variable: ${missing.map((n) => `{{${n}}}`).join(', ')} has none.`,
    );
  }
}

function variableNameReason(name: string): string {
  return `{{${name}}}: variable names use lowercase letters, digits and underscores, starting with a letter.`;
}

/** `{{` that does not open a valid variable (`{{1}`, `{{ }}`, `{{Order-Id}}`). */
function checkMalformed(text: string, variables: string[], field: string, add: Add): void {
  const opened = text.split('{{').length - 1;
  const valid = [...text.matchAll(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/g)].length;
  if (opened !== valid || (variables.length === 0 && text.includes('}}')))
    add(field, 'A variable is written {{1}} or {{name}}: check the braces.');
}

function checkButtons(buttons: readonly TemplateButtonSpec[], add: Add): void {
  if (buttons.length === 0) return;
  if (buttons.length > TEMPLATE_LIMITS.buttons)
    add('buttons', `At most ${TEMPLATE_LIMITS.buttons} buttons.`);
  const count = (type: string): number => buttons.filter((b) => b.type === type).length;
  if (count('URL') > TEMPLATE_LIMITS.urlButtons)
    add('buttons', `At most ${TEMPLATE_LIMITS.urlButtons} website buttons.`);
  if (count('PHONE_NUMBER') > TEMPLATE_LIMITS.phoneNumberButtons)
    add('buttons', `At most ${TEMPLATE_LIMITS.phoneNumberButtons} phone number button.`);
  if (count('COPY_CODE') > TEMPLATE_LIMITS.copyCodeButtons)
    add('buttons', `At most ${TEMPLATE_LIMITS.copyCodeButtons} copy code button.`);
  // Quick replies form one group, before or after the other buttons.
  const groups = buttons
    .map((b) => b.type === 'QUICK_REPLY')
    .filter((quick, i, all) => i === 0 || quick !== all[i - 1]).length;
  if (groups > 2)
    add('buttons', 'Keep the quick replies together, before or after the other buttons.');

  const labels = new Set<string>();
  buttons.forEach((button, i) => {
    const at = `buttons.${i}`;
    if (!(TEMPLATE_BUTTON_TYPES as readonly string[]).includes(button.type)) {
      add(`${at}.type`, `Choose one of ${TEMPLATE_BUTTON_TYPES.join(', ')}.`);
      return;
    }
    if (button.type !== 'COPY_CODE') {
      const text = button.text ?? '';
      if (!text.trim()) add(`${at}.text`, 'Give the button a label.');
      if (charCount(text) > TEMPLATE_LIMITS.buttonText)
        add(`${at}.text`, `At most ${TEMPLATE_LIMITS.buttonText} characters.`);
      if (text.includes('{{')) add(`${at}.text`, 'A button label cannot have variables.');
      if (labels.has(text.trim().toLowerCase()))
        add(`${at}.text`, 'Two buttons cannot have the same label.');
      labels.add(text.trim().toLowerCase());
    }
    const example = buttonExample(button);
    if (button.type === 'URL') {
      const url = button.url ?? '';
      if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url))
        add(`${at}.url`, 'Use a web address that starts with https:// or http://.');
      if (charCount(url) > TEMPLATE_LIMITS.url)
        add(`${at}.url`, `At most ${TEMPLATE_LIMITS.url} characters.`);
      const variables = templatePlaceholders(url);
      if (variables.length > 0) {
        if (variables.length > 1 || variables[0] !== '1' || !/\{\{\s*1\s*\}\}$/.test(url))
          add(`${at}.url`, 'Only the end of the address can vary: one {{1}} at its end.');
        if (!example?.trim() || /\{\{/.test(example))
          add(`${at}.example`, 'Give an example of the address’s end.');
      }
    }
    if (button.type === 'PHONE_NUMBER') {
      const phone = button.phone_number ?? '';
      if (charCount(phone) > TEMPLATE_LIMITS.phoneNumber || !checkPhoneNumber(phone).ok)
        add(
          `${at}.phone_number`,
          'Use an international number with its country code (+15550101234).',
        );
    }
    if (button.type === 'COPY_CODE') {
      if (!example?.trim()) add(`${at}.example`, 'Give an example code.');
      else if (charCount(example) > TEMPLATE_LIMITS.copyCodeExample)
        add(`${at}.example`, `At most ${TEMPLATE_LIMITS.copyCodeExample} characters.`);
    }
  });
}

/** A button's example: Meta writes it as a list (URL) or a string (COPY_CODE). */
export function buttonExample(button: TemplateButtonSpec): string | undefined {
  const example = button.example;
  return typeof example === 'string' ? example : example?.[0];
}

/**
 * The builder's rules: Meta's (`checkTemplate`) on the draft in Meta's shape, and what the builder
 * does not do (authentication templates use Meta's preset text and a one-time-password button).
 */
export function checkTemplateDraft(draft: TemplateDraft): TemplateIssue[] {
  const issues = checkTemplate(templateSpec(draft));
  if (draft.category === 'AUTHENTICATION') {
    issues.unshift({
      field: 'category',
      reason:
        'Authentication templates use Meta’s preset text and a one-time password button: create them in WhatsApp Manager.',
    });
  }
  // Examples given in the draft for variables it does not have.
  const variables = new Set(templateVariables(draft).body);
  const extra = Object.keys(draft.body.examples ?? {}).filter(
    (name) => !variables.has(name) && (draft.body.examples?.[name] ?? '') !== '',
  );
  if (extra.length > 0) {
    issues.push({
      field: 'body.examples',
      reason: `No variable for the example of ${extra.map((n) => `{{${n}}}`).join(', ')}.`,
    });
  }
  return issues;
}

// ---------------------------------------------------------------- edits

/** What Meta allows next for an edit of a template (see `TEMPLATE_EDIT_LIMITS`). */
export interface TemplateEditAllowance {
  readonly editable: boolean;
  /** Why not, for people; null when editable. */
  readonly reason: string | null;
  /** Edits left in the rolling 30 days (approved templates; null: no limit). */
  readonly remaining: number | null;
  /** The earliest time of the next edit (ISO 8601); null: now or never. */
  readonly next_edit_at: string | null;
}

/**
 * Whether Meta accepts an edit now, given the template's status and the times of its edits while
 * approved. Rejected and paused templates can be edited without limit; approved ones 10 times in
 * 30 days and once in 24 hours.
 */
export function templateEditAllowance(
  status: string,
  approvedEditTimes: readonly (Date | string)[],
  now: Date = new Date(),
): TemplateEditAllowance {
  if (!TEMPLATE_EDITABLE_STATUSES.includes(status)) {
    return {
      editable: false,
      reason: `Meta edits only approved, rejected or paused templates; this one is ${status.toLowerCase()}.`,
      remaining: null,
      next_edit_at: null,
    };
  }
  if (status !== 'APPROVED')
    return { editable: true, reason: null, remaining: null, next_edit_at: null };
  const day = 24 * 60 * 60 * 1000;
  const windowStart = now.getTime() - TEMPLATE_EDIT_LIMITS.windowDays * day;
  const times = approvedEditTimes
    .map((t) => new Date(t).getTime())
    .filter((t) => t > windowStart && t <= now.getTime())
    .sort((a, b) => a - b);
  const remaining = Math.max(0, TEMPLATE_EDIT_LIMITS.editsPerWindow - times.length);
  let next = now.getTime();
  const last = times.at(-1);
  if (last !== undefined)
    next = Math.max(next, last + TEMPLATE_EDIT_LIMITS.hoursBetweenEdits * 60 * 60 * 1000);
  if (remaining === 0) {
    // The oldest edit in the window leaving it frees one.
    const oldest = times[times.length - TEMPLATE_EDIT_LIMITS.editsPerWindow] ?? now.getTime();
    next = Math.max(next, oldest + TEMPLATE_EDIT_LIMITS.windowDays * day);
  }
  if (next > now.getTime()) {
    return {
      editable: false,
      reason:
        remaining === 0
          ? `An approved template can be edited ${TEMPLATE_EDIT_LIMITS.editsPerWindow} times in ${TEMPLATE_EDIT_LIMITS.windowDays} days; the next edit is possible at ${new Date(next).toISOString()}.`
          : `An approved template can be edited once in ${TEMPLATE_EDIT_LIMITS.hoursBetweenEdits} hours; the next edit is possible at ${new Date(next).toISOString()}.`,
      remaining,
      next_edit_at: new Date(next).toISOString(),
    };
  }
  return { editable: true, reason: null, remaining, next_edit_at: null };
}

// ---------------------------------------------------------------- rejection reasons

/** Meta's rejection and status reasons (`reason`, `rejected_reason`) in plain words. */
export const TEMPLATE_REASON_TEXT: Readonly<Record<string, string>> = {
  ABUSIVE_CONTENT: 'Meta found content that breaks its policies (abusive or threatening wording).',
  INCORRECT_CATEGORY:
    'The category does not match the content: marketing content must use the MARKETING category.',
  INVALID_FORMAT:
    'The format is not accepted: check the variables (in order, with examples, not next to each other) and the text.',
  SCAM: 'Meta judged the content as possibly misleading or a scam.',
  PROMOTIONAL: 'The content is promotional: use the MARKETING category.',
  TAG_CONTENT_MISMATCH: 'The content does not match the category or the language chosen.',
  NONE: 'No reason given.',
  INVALID_PARAMETERS: 'The variables or their examples are not accepted.',
  DUPLICATE: 'A template with the same content already exists.',
  LOW_QUALITY: 'Customers reported or blocked this template too often: its quality is low.',
  PAUSED: 'Meta paused the template for a while because of its low quality.',
};

/** A reason code in plain words; unknown codes come back as they are. */
export function explainTemplateReason(reason: string | null | undefined): string | null {
  if (!reason) return null;
  return TEMPLATE_REASON_TEXT[reason.toUpperCase()] ?? reason;
}

// Campaign rules the API and the console share: the states, the limits, and how a template's
// placeholders become variables (one per placeholder, named like the console's form fields)
// and then Meta's `components` for one recipient.
import { templatePlaceholders } from './templates.ts';

/** draft -> scheduled -> running <-> paused -> completed | cancelled */
export const CAMPAIGN_STATES = [
  'draft',
  'scheduled',
  'running',
  'paused',
  'completed',
  'cancelled',
] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/**
 * One recipient's way: pending -> sending -> sent -> delivered -> read -> replied, or failed,
 * skipped (never sent: opted out, invalid, duplicate, missing variables), limited (Meta's
 * per-user marketing cap, tried again later), unknown (its send cannot be confirmed either
 * way: never sent again automatically), cancelled (its campaign was cancelled first).
 */
export const RECIPIENT_STATES = [
  'pending',
  'sending',
  'sent',
  'delivered',
  'read',
  'replied',
  'failed',
  'skipped',
  'limited',
  'unknown',
  'cancelled',
] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

/** States a recipient never leaves by itself. */
export const FINAL_RECIPIENT_STATES: readonly RecipientState[] = [
  'sent',
  'delivered',
  'read',
  'replied',
  'failed',
  'skipped',
  'unknown',
  'cancelled',
];

/** Why a recipient was skipped before anything was sent. */
export const SKIP_REASONS = [
  'invalid_number',
  'duplicate',
  'opted_out',
  'missing_variables',
  'extra_variables',
  'invalid_variables',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SKIP_REASON_TEXT: Readonly<Record<SkipReason, string>> = {
  invalid_number: 'Not a valid WhatsApp number or user id',
  duplicate: 'Already in this campaign',
  opted_out: 'Opted out of marketing messages',
  missing_variables: 'A template variable has no value',
  extra_variables: 'Values for variables the template does not have',
  invalid_variables: 'A value has line breaks, tabs, 5 spaces in a row, or is too long',
};

export const CAMPAIGN_LIMITS = {
  nameLength: 120,
  /** Recipients in one campaign (CSV, rows, tag or retargeting). */
  recipients: 200_000,
  /** Rows in one JSON request (create or audience). */
  rowsPerRequest: 1_000,
  /** `POST /messages/bulk`, as the seed promised. */
  bulkRecipients: 1_000,
  /** Meta refuses parameter text longer than this. */
  variableLength: 1_024,
  /** Cap on a campaign's own rate, messages per second. */
  maxRatePerSecond: 1_000,
} as const;

/** One `{{…}}` of a template, as a campaign variable. */
export interface TemplateVariable {
  /** Unique in the template: `body_1`, `body_order_id`, `header_name`, `button0_1`. */
  readonly key: string;
  /** What is between the braces: `1`, `order_id`. */
  readonly name: string;
  readonly part: 'header' | 'body' | 'button';
  /** A URL button's index among the buttons. */
  readonly buttonIndex?: number;
}

interface Component {
  readonly type?: unknown;
  readonly format?: unknown;
  readonly text?: unknown;
  readonly buttons?: unknown;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function ordered(names: string[]): string[] {
  return names.every((name) => /^\d+$/.test(name))
    ? names.sort((a, b) => Number(a) - Number(b))
    : names;
}

/** A media header (image, video, document) needs a file with every send. */
export function templateMediaHeader(components: readonly unknown[]): string | null {
  const header = (components as Component[]).find((c) => textOf(c.type).toUpperCase() === 'HEADER');
  const format = textOf(header?.format).toLowerCase();
  return ['image', 'video', 'document'].includes(format) ? format : null;
}

/** Every variable a template needs: text header, body, then URL buttons. */
export function templateVariableSlots(components: readonly unknown[]): TemplateVariable[] {
  const all = components as Component[];
  const find = (type: string) => all.find((c) => textOf(c.type).toUpperCase() === type);
  const variables: TemplateVariable[] = [];
  const header = find('HEADER');
  if (header && (textOf(header.format) || 'TEXT').toUpperCase() === 'TEXT') {
    for (const name of ordered(templatePlaceholders(textOf(header.text))))
      variables.push({ key: `header_${name}`, name, part: 'header' });
  }
  const body = find('BODY');
  for (const name of ordered(templatePlaceholders(textOf(body?.text))))
    variables.push({ key: `body_${name}`, name, part: 'body' });
  const buttons = find('BUTTONS')?.buttons;
  (Array.isArray(buttons) ? (buttons as { url?: unknown }[]) : []).forEach((button, index) => {
    for (const name of templatePlaceholders(textOf(button.url)))
      variables.push({ key: `button${index}_${name}`, name, part: 'button', buttonIndex: index });
  });
  return variables;
}

/** Problems of one recipient's values against the template's variables; empty when they fit. */
export function variableProblems(
  variables: readonly TemplateVariable[],
  values: Readonly<Record<string, string>>,
): { readonly missing: string[]; readonly extra: string[]; readonly invalid: string[] } {
  const keys = new Set(variables.map((v) => v.key));
  const missing = variables.filter((v) => !values[v.key]?.trim()).map((v) => v.key);
  const extra = Object.keys(values).filter((key) => !keys.has(key));
  // Meta refuses parameter text with line breaks, tabs or more than four spaces in a row (132018).
  const invalid = variables
    .filter((v) => {
      const value = values[v.key];
      return (
        value !== undefined &&
        (/[\n\t]| {5}/.test(value) || value.length > CAMPAIGN_LIMITS.variableLength)
      );
    })
    .map((v) => v.key);
  return { missing, extra, invalid };
}

/** A media header's file: a public link or an uploaded media id. */
export interface HeaderMedia {
  readonly link?: string;
  readonly id?: string;
}

/**
 * Meta's `components` for one send: header, body, then one per URL button with a placeholder.
 * Named placeholders carry `parameter_name`, as Meta requires.
 */
export function templateComponents(
  components: readonly unknown[],
  values: Readonly<Record<string, string>>,
  headerMedia?: HeaderMedia | null,
): Record<string, unknown>[] {
  const variables = templateVariableSlots(components);
  const parameter = (v: TemplateVariable) => {
    const text = (values[v.key] ?? '').trim();
    return /^\d+$/.test(v.name)
      ? { type: 'text', text }
      : { type: 'text', parameter_name: v.name, text };
  };
  const out: Record<string, unknown>[] = [];
  const media = templateMediaHeader(components);
  if (media && headerMedia) {
    out.push({ type: 'header', parameters: [{ type: media, [media]: { ...headerMedia } }] });
  }
  const header = variables.filter((v) => v.part === 'header');
  if (header.length) out.push({ type: 'header', parameters: header.map(parameter) });
  const body = variables.filter((v) => v.part === 'body');
  if (body.length) out.push({ type: 'body', parameters: body.map(parameter) });
  const buttons = new Map<number, TemplateVariable[]>();
  for (const v of variables.filter((v) => v.part === 'button')) {
    buttons.set(v.buttonIndex!, [...(buttons.get(v.buttonIndex!) ?? []), v]);
  }
  for (const [index, params] of buttons) {
    out.push({
      type: 'button',
      sub_type: 'url',
      index: String(index),
      parameters: params.map(parameter),
    });
  }
  return out;
}

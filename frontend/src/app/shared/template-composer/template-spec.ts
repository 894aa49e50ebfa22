import type { TemplateResponseDto } from '../../core/api/models/template-response-dto';
import { type MediaType, templatePlaceholders } from '@convis/contracts';

/** One `{{…}}` of a template: positional (`{{1}}`) or named (`{{order_id}}`). */
export interface TemplatePlaceholder {
  /** Name of its form control, unique in the template: `body_1`, `header_name`, `button0_1`. */
  readonly key: string;
  /** What is between the braces: `1`, `order_id`. */
  readonly name: string;
  readonly named: boolean;
  /** Where it is, for its field's label: `Header {{1}}`, `Button "Track" {{1}}`. */
  readonly label: string;
  /** The example value given when the template was submitted to Meta. */
  readonly example: string | null;
}

export type TemplateHeaderSpec =
  | { readonly kind: 'text'; readonly text: string; readonly params: TemplatePlaceholder[] }
  | { readonly kind: 'media'; readonly format: Extract<MediaType, 'image' | 'video' | 'document'> }
  /** LOCATION and formats this console does not fill (sent without parameters). */
  | { readonly kind: 'other'; readonly format: string };

export interface TemplateButtonSpec {
  /** Its position among the template's buttons: the `index` of its parameters. */
  readonly index: number;
  /** Meta's button type: URL, QUICK_REPLY, PHONE_NUMBER, COPY_CODE, OTP, ... */
  readonly type: string;
  readonly text: string;
  readonly url: string | null;
  /** Placeholders of a URL button's address (at most one, at its end). */
  readonly params: TemplatePlaceholder[];
}

/** A template as the form needs it: its parts and their placeholders, in Meta's order. */
export interface TemplateSpec {
  readonly name: string;
  readonly language: string;
  readonly header: TemplateHeaderSpec | null;
  readonly body: { readonly text: string; readonly params: TemplatePlaceholder[] } | null;
  readonly footer: string | null;
  readonly buttons: TemplateButtonSpec[];
  /** Every placeholder: header, body, then buttons. */
  readonly placeholders: TemplatePlaceholder[];
}

interface RawComponent {
  type?: unknown;
  format?: unknown;
  text?: unknown;
  buttons?: unknown;
  example?: unknown;
}

interface RawButton {
  type?: unknown;
  text?: unknown;
  url?: unknown;
}

const MEDIA_FORMATS = ['image', 'video', 'document'] as const;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Distinct placeholder names in `source`: numbers in order (`1`, `2`), names as they appear. */
export function placeholderNames(source: string): string[] {
  const names = templatePlaceholders(source);
  return names.every((name) => /^\d+$/.test(name))
    ? names.sort((a, b) => Number(a) - Number(b))
    : names;
}

/** Example values from Meta's `example` (positional lists or named pairs). */
function examples(example: unknown, listKey: string, namedKey: string): Map<string, string> {
  const found = new Map<string, string>();
  if (typeof example !== 'object' || example === null) return found;
  const record = example as Record<string, unknown>;
  let list = record[listKey];
  if (Array.isArray(list) && Array.isArray(list[0])) list = list[0];
  if (Array.isArray(list)) {
    list.forEach((value, index) => {
      if (typeof value === 'string') found.set(String(index + 1), value);
    });
  }
  const named = record[namedKey];
  if (Array.isArray(named)) {
    for (const pair of named as { param_name?: unknown; example?: unknown }[]) {
      if (typeof pair.param_name === 'string' && typeof pair.example === 'string') {
        found.set(pair.param_name, pair.example);
      }
    }
  }
  return found;
}

function placeholders(
  source: string,
  prefix: string,
  section: string,
  known: Map<string, string>,
): TemplatePlaceholder[] {
  return placeholderNames(source).map((name) => ({
    key: `${prefix}_${name}`,
    name,
    named: !/^\d+$/.test(name),
    label: `${section} {{${name}}}`,
    example: known.get(name) ?? null,
  }));
}

/** Reads a template's components (Meta's JSON) into what the form fills in. */
export function templateSpec(template: TemplateResponseDto): TemplateSpec {
  const components = template.components as RawComponent[];
  const find = (type: string) => components.find((c) => text(c.type).toUpperCase() === type);

  let header: TemplateHeaderSpec | null = null;
  const rawHeader = find('HEADER');
  if (rawHeader) {
    const format = (text(rawHeader.format) || 'TEXT').toLowerCase();
    if (format === 'text') {
      const headerText = text(rawHeader.text);
      const known = examples(rawHeader.example, 'header_text', 'header_text_named_params');
      header = {
        kind: 'text',
        text: headerText,
        params: placeholders(headerText, 'header', 'Header', known),
      };
    } else if ((MEDIA_FORMATS as readonly string[]).includes(format)) {
      header = { kind: 'media', format: format as (typeof MEDIA_FORMATS)[number] };
    } else {
      header = { kind: 'other', format };
    }
  }

  const rawBody = find('BODY');
  const bodyText = text(rawBody?.text);
  const body = rawBody
    ? {
        text: bodyText,
        params: placeholders(
          bodyText,
          'body',
          'Body',
          examples(rawBody.example, 'body_text', 'body_text_named_params'),
        ),
      }
    : null;

  const rawButtons = find('BUTTONS')?.buttons;
  const buttons: TemplateButtonSpec[] = (Array.isArray(rawButtons) ? rawButtons : []).map(
    (button: RawButton, index) => {
      const url = text(button.url) || null;
      const label = text(button.text);
      return {
        index,
        type: text(button.type).toUpperCase(),
        text: label,
        url,
        params: url
          ? placeholders(url, `button${index}`, `Button "${label || index + 1}"`, new Map())
          : [],
      };
    },
  );

  return {
    name: template.name,
    language: template.language,
    header,
    body,
    footer: text(find('FOOTER')?.text) || null,
    buttons,
    placeholders: [
      ...(header?.kind === 'text' ? header.params : []),
      ...(body?.params ?? []),
      ...buttons.flatMap((button) => button.params),
    ],
  };
}

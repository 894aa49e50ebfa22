// A template as the customer sees it: its texts with the variables filled in. Used by the
// Templates page's preview (with the examples), the builder's live preview, and the message
// lists (with the parameters a send carried).
import { buttonExample, type TemplateComponentSpec } from './template-rules.ts';
import { replaceTemplatePlaceholders } from './templates.ts';

/** Values of a template's variables, by name (`1`, `order_id`); buttons by their index. */
export interface TemplateParameters {
  readonly header?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, string>>;
  /** A URL button's dynamic suffix (or a copy-code button's code), by the button's index. */
  readonly buttons?: Readonly<Record<string, string>>;
}

export interface RenderedTemplateButton {
  readonly type: string;
  readonly text: string;
  /** URL buttons: the address, suffix filled in. */
  readonly url?: string;
  readonly phone_number?: string;
}

export interface RenderedTemplate {
  /** TEXT headers: the text; media headers: null text and their format. */
  readonly header: { readonly format: string; readonly text: string | null } | null;
  readonly body: string;
  readonly footer: string | null;
  readonly buttons: readonly RenderedTemplateButton[];
  /** Header (text), body and footer as one text, parts separated by a blank line. */
  readonly text: string;
}

/**
 * The template's components rendered with `parameters`; a variable without a value stays as
 * written (`{{1}}`), so what is missing shows.
 */
export function renderTemplate(
  components: readonly TemplateComponentSpec[],
  parameters: TemplateParameters = {},
): RenderedTemplate {
  const of = (type: string): TemplateComponentSpec | undefined =>
    components.find((c) => String(c.type).toUpperCase() === type);
  const fill = (text: string, values: Readonly<Record<string, string>> | undefined): string =>
    replaceTemplatePlaceholders(text, (name, written) => values?.[name] ?? written);

  const headerComponent = of('HEADER');
  const format = (headerComponent?.format ?? 'TEXT').toUpperCase();
  const header = headerComponent
    ? {
        format,
        text: format === 'TEXT' ? fill(headerComponent.text ?? '', parameters.header) : null,
      }
    : null;
  const body = fill(of('BODY')?.text ?? '', parameters.body);
  const footer = of('FOOTER')?.text ?? null;
  const buttons = (of('BUTTONS')?.buttons ?? []).map((button, index): RenderedTemplateButton => {
    const type = String(button.type).toUpperCase();
    const value = parameters.buttons?.[String(index)];
    if (type === 'URL') {
      const url = fill(button.url ?? '', value === undefined ? undefined : { '1': value });
      return { type, text: button.text ?? '', url };
    }
    if (type === 'PHONE_NUMBER')
      return { type, text: button.text ?? '', phone_number: button.phone_number ?? '' };
    // WhatsApp labels the button itself.
    if (type === 'COPY_CODE') return { type, text: 'Copy offer code' };
    return { type, text: button.text ?? '' };
  });
  const text = [header?.text, body, footer].filter((part): part is string => !!part).join('\n\n');
  return { header, body, footer, buttons, text };
}

/** The examples a template was submitted with, as parameters: what Meta's review saw. */
export function templateExampleParameters(
  components: readonly TemplateComponentSpec[],
): TemplateParameters {
  const header: Record<string, string> = {};
  const body: Record<string, string> = {};
  const buttons: Record<string, string> = {};
  for (const component of components) {
    const type = String(component.type).toUpperCase();
    const example = component.example;
    if (type === 'HEADER' && example) {
      const positional = example.header_text?.[0];
      if (positional !== undefined) header['1'] = positional;
      for (const p of example.header_text_named_params ?? []) header[p.param_name] = p.example;
    }
    if (type === 'BODY' && example) {
      (example.body_text?.[0] ?? []).forEach((value, i) => {
        body[String(i + 1)] = value;
      });
      for (const p of example.body_text_named_params ?? []) body[p.param_name] = p.example;
    }
    if (type === 'BUTTONS') {
      (component.buttons ?? []).forEach((button, i) => {
        const value = buttonExample(button);
        if (value === undefined) return;
        if (String(button.type).toUpperCase() === 'URL') {
          // The example is the whole address; the parameter is what replaces `{{1}}`.
          const prefix = (button.url ?? '').replace(/\{\{\s*1\s*\}\}$/, '');
          if (value.startsWith(prefix)) buttons[String(i)] = value.slice(prefix.length);
        } else {
          buttons[String(i)] = value;
        }
      });
    }
  }
  return { header, body, buttons };
}

/** A send's template components (`{type:'body', parameters:[…]}`), read as parameters. */
export function templateSendParameters(
  sent: readonly unknown[] | null | undefined,
): TemplateParameters {
  const header: Record<string, string> = {};
  const body: Record<string, string> = {};
  const buttons: Record<string, string> = {};
  for (const item of sent ?? []) {
    if (typeof item !== 'object' || item === null) continue;
    const component = item as {
      type?: unknown;
      index?: unknown;
      parameters?: unknown;
    };
    const type = String(component.type).toLowerCase();
    const params = Array.isArray(component.parameters) ? (component.parameters as unknown[]) : [];
    const values = params.map((p, i) => {
      const param = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
      const name =
        typeof param['parameter_name'] === 'string' ? param['parameter_name'] : String(i + 1);
      return [name, parameterText(param)] as const;
    });
    if (type === 'header')
      for (const [name, value] of values) if (value !== null) header[name] = value;
    if (type === 'body') for (const [name, value] of values) if (value !== null) body[name] = value;
    if (type === 'button' && values[0]?.[1] != null)
      buttons[String(component.index)] = values[0][1];
  }
  return { header, body, buttons };
}

function parameterText(param: Record<string, unknown>): string | null {
  const nested = (key: string, field: string): string | null => {
    const value = param[key];
    if (typeof value !== 'object' || value === null) return null;
    const inner = (value as Record<string, unknown>)[field];
    return typeof inner === 'string' ? inner : null;
  };
  switch (param['type']) {
    case 'text':
      return typeof param['text'] === 'string' ? param['text'] : null;
    case 'currency':
      return nested('currency', 'fallback_value');
    case 'date_time':
      return nested('date_time', 'fallback_value');
    case 'payload':
      return typeof param['payload'] === 'string' ? param['payload'] : null;
    case 'coupon_code':
      return typeof param['coupon_code'] === 'string' ? param['coupon_code'] : null;
    default:
      return null;
  }
}

import { replaceTemplatePlaceholders } from '@convis/contracts';
import { type TemplateComponentDef } from './template-rules.js';

/**
 * A template message as the customer received it: the template's texts with the parameters of
 * this send filled in. Kept with the message when it is sent, so the history shows what went
 * out even after the template is edited or deleted.
 */
export interface SentTemplate {
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly header: SentTemplateHeader | null;
  readonly body: string;
  readonly footer: string | null;
  readonly buttons: ReadonlyArray<{ readonly type: string; readonly text: string }>;
}

export interface SentTemplateHeader {
  /** `text`, or the kind of media the customer saw above the body. */
  readonly format: 'text' | 'image' | 'video' | 'document' | 'location';
  readonly text: string | null;
}

type SentComponent = Readonly<Record<string, unknown>>;

/**
 * Fills `{{1}}` with the first parameter of its component and `{{name}}` with the parameter
 * of that `parameter_name` (Meta's two kinds of variables). A placeholder without a value stays
 * as written: the send checks (`checkTemplateParameters`) refuse that before it gets here.
 */
export function renderSentTemplate(
  template: {
    readonly name: string;
    readonly language: string;
    readonly category: string;
    readonly components: readonly TemplateComponentDef[];
  },
  sent: readonly SentComponent[],
): SentTemplate {
  const parametersOf = (type: string): SentComponent[] => {
    const component = sent.find((c) => String(c['type']).toLowerCase() === type);
    const parameters = component?.['parameters'];
    return Array.isArray(parameters) ? parameters.filter(isRecord) : [];
  };
  let header: SentTemplateHeader | null = null;
  let body = '';
  let footer: string | null = null;
  const buttons: Array<{ type: string; text: string }> = [];
  for (const component of template.components) {
    switch (component.type.toUpperCase()) {
      case 'HEADER': {
        const format = (component.format ?? 'TEXT').toLowerCase();
        header =
          format === 'text'
            ? { format, text: fill(component.text ?? '', parametersOf('header')) }
            : { format: headerFormat(format), text: null };
        break;
      }
      case 'BODY':
        body = fill(component.text ?? '', parametersOf('body'));
        break;
      case 'FOOTER':
        footer = component.text ?? null;
        break;
      case 'BUTTONS':
        for (const button of component.buttons ?? [])
          buttons.push({
            type: (button.type ?? 'QUICK_REPLY').toLowerCase(),
            text: button.text ?? '',
          });
        break;
    }
  }
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    header,
    body,
    footer,
    buttons,
  };
}

function fill(text: string, parameters: readonly SentComponent[]): string {
  return replaceTemplatePlaceholders(text, (name, placeholder) => {
    const named = parameters.find((p) => p['parameter_name'] === name);
    const parameter = named ?? (/^\d+$/.test(name) ? parameters[Number(name) - 1] : undefined);
    return (parameter && valueOf(parameter)) ?? placeholder;
  });
}

/** What the customer reads for one parameter: its text, or Meta's fallback for money and dates. */
function valueOf(parameter: SentComponent): string | undefined {
  if (typeof parameter['text'] === 'string') return parameter['text'];
  for (const key of ['currency', 'date_time']) {
    const value = parameter[key];
    if (isRecord(value) && typeof value['fallback_value'] === 'string')
      return value['fallback_value'];
  }
  return undefined;
}

function headerFormat(format: string): SentTemplateHeader['format'] {
  return format === 'video' || format === 'document' || format === 'location' ? format : 'image';
}

function isRecord(value: unknown): value is SentComponent {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import {
  renderTemplate,
  type TemplateComponentSpec,
  templateSendParameters,
} from '@convis/contracts';
import { type TemplateComponent } from '../../whatsapp/graph-api.types.js';

/**
 * A template message as the customer received it: the template's texts with the parameters of
 * this send filled in (`renderTemplate` from @convis/contracts, the same rendering as the
 * Templates page's preview). Kept with the message when it is sent, so the history shows what
 * went out even after the template is edited or deleted.
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

/**
 * Fills `{{1}}` with the first parameter of its component and `{{name}}` with the parameter of
 * that `parameter_name`; money and dates show Meta's fallback text. A placeholder without a
 * value stays as written: the send checks (`checkTemplateParameters`) refuse that first.
 */
export function renderSentTemplate(
  template: {
    readonly name: string;
    readonly language: string;
    readonly category: string;
    readonly components: readonly TemplateComponent[];
  },
  sent: readonly unknown[],
): SentTemplate {
  const rendered = renderTemplate(renderable(template.components), templateSendParameters(sent));
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    header: rendered.header && {
      format: headerFormat(rendered.header.format.toLowerCase()),
      text: rendered.header.text,
    },
    body: rendered.body,
    footer: rendered.footer,
    buttons: rendered.buttons.map((button) => ({
      type: button.type.toLowerCase(),
      text: button.text,
    })),
  };
}

/** What the rendering reads of Meta's components (examples play no part in what is read). */
function renderable(components: readonly TemplateComponent[]): TemplateComponentSpec[] {
  return components.map((component) => ({
    type: component.type,
    format: component.format,
    text: component.text,
    buttons: component.buttons?.map((button) => ({
      type: button.type ?? 'QUICK_REPLY',
      text: button.text,
      url: button.url,
      phone_number: typeof button['phone_number'] === 'string' ? button['phone_number'] : undefined,
    })),
  }));
}

function headerFormat(format: string): SentTemplateHeader['format'] {
  return format === 'text' || format === 'video' || format === 'document' || format === 'location'
    ? format
    : 'image';
}

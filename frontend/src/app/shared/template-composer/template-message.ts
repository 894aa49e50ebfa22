import { FormControl, FormGroup, type ValidatorFn } from '@angular/forms';
import type { TemplateResponseDto } from '../../core/api/models/template-response-dto';
import { FORMAT_ERROR, requiredValidator } from '../forms/validators';
import type { BubbleButton, WhatsAppBubble } from '../whatsapp-preview/whatsapp-message';
import {
  createMediaSourceForm,
  mediaLabel,
  mediaReference,
  setMediaSourceEnabled,
} from '../media-source/media-source';
import { requiredTextValidator } from '../forms/message-validators';
import type { FieldControl, MessagePart } from '../forms/message-part';
import { type TemplatePlaceholder, type TemplateSpec, templateSpec } from './template-spec';

/** Meta refuses parameter text with line breaks, tabs or more than four spaces in a row (132018). */
const PARAMETER_TEXT_PATTERN = /^(?!.*[\n\t])(?!.* {5})/s;

const parameterTextValidator: ValidatorFn = (control) => {
  const value: unknown = control.value;
  return typeof value === 'string' && !PARAMETER_TEXT_PATTERN.test(value)
    ? { [FORMAT_ERROR]: 'No line breaks, tabs or more than 4 spaces in a row.' }
    : null;
};

/** The values of a template's placeholders, one control per placeholder key. */
export type TemplateParamsForm = FormGroup<Record<string, FormControl<string>>>;

export interface TemplateFormOptions {
  /**
   * Placeholders may stay blank (a campaign: blank ones take each recipient's own value from the
   * audience). By default every placeholder is required (one message to one person).
   */
  readonly optionalValues?: boolean;
}

/**
 * A template message: the template (from the account's approved ones), its header file when the
 * header is an image, video or document, and one field per placeholder (required unless
 * `optionalValues`). Choosing a template rebuilds the placeholder fields (keeping the values of
 * placeholders both share).
 */
export function createTemplateForm(options: TemplateFormOptions = {}) {
  const form = new FormGroup({
    template: new FormControl<TemplateResponseDto | null>(null, {
      validators: [requiredValidator],
    }),
    header_media: createMediaSourceForm(),
    params: new FormGroup<Record<string, FormControl<string>>>({}),
  });
  let shape: string | null = null;
  const update = (template: TemplateResponseDto | null) => {
    const spec = template ? templateSpec(template) : null;
    setMediaSourceEnabled(form.controls.header_media, spec?.header?.kind === 'media');
    const next = JSON.stringify(spec?.placeholders.map((p) => p.key) ?? []);
    if (next === shape) return;
    shape = next;
    form.setControl('params', paramsForm(spec, form.controls.params, !options.optionalValues));
  };
  form.controls.template.valueChanges.subscribe(update);
  update(null);
  return form;
}

export type TemplateForm = ReturnType<typeof createTemplateForm>;
export type TemplateValue = ReturnType<TemplateForm['getRawValue']>;

function paramsForm(
  spec: TemplateSpec | null,
  previous: TemplateParamsForm,
  required: boolean,
): TemplateParamsForm {
  const controls: Record<string, FormControl<string>> = {};
  const validators = required
    ? [requiredTextValidator, parameterTextValidator]
    : [parameterTextValidator];
  for (const placeholder of spec?.placeholders ?? []) {
    const kept = previous.controls[placeholder.key]?.value ?? '';
    controls[placeholder.key] = new FormControl(kept, { nonNullable: true, validators });
  }
  return new FormGroup(controls);
}

function textParameter(placeholder: TemplatePlaceholder, value: string): Record<string, string> {
  return placeholder.named
    ? { type: 'text', parameter_name: placeholder.name, text: value.trim() }
    : { type: 'text', text: value.trim() };
}

/**
 * The send request of a template message: `template_components` as Meta wants them, header,
 * then body, then one component per URL button with placeholders:
 *
 * ```json
 * [{ "type": "header", "parameters": [{ "type": "text", "text": "Ada" }] },
 *  { "type": "body", "parameters": [{ "type": "text", "text": "A-1001" }] },
 *  { "type": "button", "sub_type": "url", "index": "0", "parameters": [{ "type": "text", "text": "A-1001" }] }]
 * ```
 */
export function templateMessage(form: TemplateForm): MessagePart {
  const { template, header_media } = form.getRawValue();
  const params = form.controls.params;
  const spec = template ? templateSpec(template) : null;
  const components: Record<string, unknown>[] = [];
  const fields: FieldControl[] = [
    ['template_name', form.controls.template],
    ['template_language', form.controls.template],
    ['template_components', params],
  ];
  /** Adds a component whose parameters are placeholder values, noting each one's control. */
  const add = (component: Record<string, unknown>, placeholders: TemplatePlaceholder[]) => {
    if (placeholders.length === 0) return;
    const index = components.length;
    components.push({
      ...component,
      parameters: placeholders.map((p) => textParameter(p, params.controls[p.key]?.value ?? '')),
    });
    placeholders.forEach((placeholder, position) => {
      const control = params.controls[placeholder.key];
      if (control) fields.push([`template_components.${index}.parameters.${position}`, control]);
    });
  };

  if (spec?.header?.kind === 'text') add({ type: 'header' }, spec.header.params);
  if (spec?.header?.kind === 'media') {
    const format = spec.header.format;
    fields.push(['template_components.0', form.controls.header_media]);
    components.push({
      type: 'header',
      parameters: [{ type: format, [format]: mediaReference(header_media) }],
    });
  }
  if (spec?.body) add({ type: 'body' }, spec.body.params);
  for (const button of spec?.buttons ?? []) {
    add({ type: 'button', sub_type: 'url', index: String(button.index) }, button.params);
  }

  return {
    content: {
      message_type: 'template',
      template_name: template?.name ?? '',
      template_language: template?.language ?? '',
      ...(components.length > 0 ? { template_components: components } : {}),
    },
    fields,
  };
}

const BUTTON_KINDS: Readonly<Record<string, BubbleButton['kind']>> = {
  URL: 'link',
  PHONE_NUMBER: 'call',
  COPY_CODE: 'copy',
  OTP: 'copy',
};

/** Values by placeholder name, for one part of the template. */
function valuesOf(
  placeholders: TemplatePlaceholder[],
  params: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(placeholders.map((p) => [p.name, params[p.key] ?? '']));
}

/** The template as the recipient will see it, with the values typed so far. */
export function templateBubble(value: TemplateValue): WhatsAppBubble | null {
  if (!value.template) return null;
  const spec = templateSpec(value.template);
  const { header, body } = spec;
  return {
    header:
      header?.kind === 'text'
        ? { kind: 'text', text: header.text, params: valuesOf(header.params, value.params) }
        : header?.kind === 'media'
          ? { kind: header.format, label: mediaLabel(value.header_media) }
          : header?.kind === 'other' && header.format === 'location'
            ? { kind: 'location' }
            : null,
    body: body?.text ?? null,
    bodyParams: body ? valuesOf(body.params, value.params) : null,
    footer: spec.footer,
    buttons: spec.buttons.map((button) => ({
      text: button.text,
      kind: BUTTON_KINDS[button.type] ?? 'reply',
    })),
  };
}

/** The placeholder fields of the chosen template, with their controls. */
export function placeholderFields(
  form: TemplateForm,
): { placeholder: TemplatePlaceholder; control: FormControl<string>; hint: string | null }[] {
  const template = form.controls.template.value;
  if (!template) return [];
  const spec = templateSpec(template);
  return spec.placeholders.flatMap((placeholder) => {
    const control = form.controls.params.controls[placeholder.key];
    if (!control) return [];
    const button = spec.buttons.find((b) => b.params.includes(placeholder));
    const hint = button?.url
      ? `Completes the link ${button.url}`
      : placeholder.example
        ? `e.g. ${placeholder.example}`
        : null;
    return [{ placeholder, control, hint }];
  });
}

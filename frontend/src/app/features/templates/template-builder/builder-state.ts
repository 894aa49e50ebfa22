import {
  templatePlaceholders,
  type TemplateButtonType,
  type TemplateComponentSpec,
  type TemplateDraft,
  type TemplateDraftButton,
  buttonExample,
  templateExampleParameters,
} from '@convis/contracts';

export type HeaderChoice = 'NONE' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';

export interface ButtonState {
  /** Stable identity for `@for` while buttons are added and removed. */
  readonly key: number;
  readonly type: TemplateButtonType;
  readonly text: string;
  readonly url: string;
  readonly example: string;
  readonly phone_number: string;
}

/** Everything the builder's fields hold. */
export interface BuilderState {
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly headerFormat: HeaderChoice;
  readonly headerText: string;
  readonly headerExample: string;
  readonly body: string;
  /** Examples by variable name; kept for variables removed and typed again. */
  readonly examples: Readonly<Record<string, string>>;
  readonly footer: string;
  readonly buttons: readonly ButtonState[];
}

export const EMPTY_STATE: BuilderState = {
  name: '',
  language: 'en_US',
  category: 'UTILITY',
  headerFormat: 'NONE',
  headerText: '',
  headerExample: '',
  body: '',
  examples: {},
  footer: '',
  buttons: [],
};

let nextKey = 0;

export function newButton(type: TemplateButtonType): ButtonState {
  return { key: ++nextKey, type, text: '', url: '', example: '', phone_number: '' };
}

/** The builder's fields filled from a template (an edit starts from what Meta has). */
export function stateFromTemplate(template: {
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly components: readonly Record<string, unknown>[];
}): { state: BuilderState; handle: string | null } {
  const components = template.components as unknown as readonly TemplateComponentSpec[];
  const of = (type: string) => components.find((c) => String(c.type).toUpperCase() === type);
  const examples = templateExampleParameters(components);
  const header = of('HEADER');
  const format = (header?.format ?? 'TEXT').toUpperCase();
  const headerFormat: HeaderChoice = !header
    ? 'NONE'
    : ((['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const).find((f) => f === format) ?? 'NONE');
  const headerVariable = templatePlaceholders(header?.text)[0];
  return {
    state: {
      name: template.name,
      language: template.language,
      category: template.category,
      headerFormat,
      headerText: headerFormat === 'TEXT' ? (header?.text ?? '') : '',
      headerExample: headerVariable ? (examples.header?.[headerVariable] ?? '') : '',
      body: of('BODY')?.text ?? '',
      examples: { ...examples.body },
      footer: of('FOOTER')?.text ?? '',
      buttons: (of('BUTTONS')?.buttons ?? []).map((b, i) => ({
        ...newButton(b.type as TemplateButtonType),
        text: b.text ?? '',
        url: b.url ?? '',
        phone_number: b.phone_number ?? '',
        example:
          b.type === 'URL' ? (examples.buttons?.[String(i)] ?? '') : (buttonExample(b) ?? ''),
      })),
    },
    // Meta lists a media header's sample as a URL of its own copy, which an edit cannot give
    // back as a handle: only an upload handle (`4::…`) is kept, else the builder asks for a file.
    handle: uploadHandle(header?.example?.header_handle?.[0]),
  };
}

function uploadHandle(value: string | undefined): string | null {
  return value && /^\d+::/.test(value) ? value : null;
}

/**
 * The fields as the rules and the API take them. `handle` is the media header's sample: the
 * handle Meta gave, or a stand-in while a chosen file waits for its upload.
 */
export function draftOf(state: BuilderState, handle: string | null): TemplateDraft {
  const variables = templatePlaceholders(state.body);
  const examples = Object.fromEntries(variables.map((name) => [name, state.examples[name] ?? '']));
  return {
    name: state.name.trim(),
    language: state.language.trim(),
    category: state.category,
    header:
      state.headerFormat === 'NONE'
        ? null
        : state.headerFormat === 'TEXT'
          ? {
              format: 'TEXT',
              text: state.headerText,
              ...(templatePlaceholders(state.headerText).length > 0
                ? { example: state.headerExample }
                : {}),
            }
          : { format: state.headerFormat, ...(handle ? { handle } : {}) },
    body: { text: state.body, examples },
    footer: state.footer.trim() ? { text: state.footer } : null,
    buttons: state.buttons.map(buttonDraft),
  };
}

function buttonDraft(button: ButtonState): TemplateDraftButton {
  switch (button.type) {
    case 'URL':
      return {
        type: 'URL',
        text: button.text,
        url: button.url.trim(),
        ...(templatePlaceholders(button.url).length > 0 ? { example: button.example } : {}),
      };
    case 'PHONE_NUMBER':
      return { type: 'PHONE_NUMBER', text: button.text, phone_number: button.phone_number.trim() };
    case 'COPY_CODE':
      return { type: 'COPY_CODE', example: button.example };
    case 'QUICK_REPLY':
      return { type: 'QUICK_REPLY', text: button.text };
  }
}

export const BUTTON_KINDS: readonly { type: TemplateButtonType; label: string; icon: string }[] = [
  { type: 'QUICK_REPLY', label: 'Quick reply', icon: 'reply' },
  { type: 'URL', label: 'Visit website', icon: 'open_in_new' },
  { type: 'PHONE_NUMBER', label: 'Call phone number', icon: 'call' },
  { type: 'COPY_CODE', label: 'Copy offer code', icon: 'content_copy' },
];

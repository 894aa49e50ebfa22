import { FormArray, FormControl, FormGroup, type ValidatorFn } from '@angular/forms';
import { MESSAGE_LIMITS } from '@convis/contracts';
import type { InteractiveDto } from '../../../../core/api/models/interactive-dto';
import type { ListSectionDto } from '../../../../core/api/models/list-section-dto';
import { FORMAT_ERROR } from '../../../../shared/forms/validators';
import type { WhatsAppBubble } from '../../../../shared/whatsapp-preview/whatsapp-message';
import {
  maxCharsValidator,
  requiredTextValidator,
} from '../../../../shared/forms/message-validators';
import {
  type FieldControl,
  type MessagePart,
  optionalText,
  setEnabled,
} from '../../../../shared/forms/message-part';

export type InteractiveType = 'button' | 'list';

export function createReplyButton(title = '') {
  return new FormGroup({
    title: new FormControl(title, {
      nonNullable: true,
      validators: [requiredTextValidator, maxCharsValidator(MESSAGE_LIMITS.buttonTitle)],
    }),
  });
}

export function createListRow() {
  return new FormGroup({
    title: new FormControl('', {
      nonNullable: true,
      validators: [requiredTextValidator, maxCharsValidator(MESSAGE_LIMITS.rowTitle)],
    }),
    description: new FormControl('', {
      nonNullable: true,
      validators: [maxCharsValidator(MESSAGE_LIMITS.rowDescription)],
    }),
  });
}

export function createListSection() {
  return new FormGroup({
    title: new FormControl('', {
      nonNullable: true,
      validators: [maxCharsValidator(MESSAGE_LIMITS.sectionTitle)],
    }),
    rows: new FormArray([createListRow()]),
  });
}

export type ReplyButtonForm = ReturnType<typeof createReplyButton>;
export type ListSectionForm = ReturnType<typeof createListSection>;

/** WhatsApp shows buttons by title: two with the same one cannot be told apart. */
const uniqueTitles: ValidatorFn = (control) => {
  const titles = (control as FormArray<ReplyButtonForm>).controls
    .map((button) => button.controls.title.value.trim().toLowerCase())
    .filter(Boolean);
  return new Set(titles).size === titles.length
    ? null
    : { [FORMAT_ERROR]: 'Give each button a different title.' };
};

/** Meta's list rules: 10 rows in all, and titled sections when there are several. */
const listRules: ValidatorFn = (control) => {
  const sections = (control as FormArray<ListSectionForm>).controls;
  const rows = totalRows(sections);
  if (rows > MESSAGE_LIMITS.listRows) {
    return { [FORMAT_ERROR]: `A list holds at most ${MESSAGE_LIMITS.listRows} rows in all.` };
  }
  if (sections.length > 1 && sections.some((s) => !s.controls.title.value.trim())) {
    return { [FORMAT_ERROR]: 'Give every section a title when there are several.' };
  }
  return null;
};

export function totalRows(sections: readonly ListSectionForm[]): number {
  return sections.reduce((sum, section) => sum + section.controls.rows.length, 0);
}

/**
 * Reply buttons (1 to 3) or a list (a button that opens sections of rows, 10 rows at most),
 * with a body and an optional text header and footer. Only the chosen type's fields are enabled.
 */
export function createInteractiveForm() {
  const form = new FormGroup({
    type: new FormControl<InteractiveType>('button', { nonNullable: true }),
    header: new FormControl('', {
      nonNullable: true,
      validators: [maxCharsValidator(MESSAGE_LIMITS.interactiveHeaderFooter)],
    }),
    body: new FormControl('', {
      nonNullable: true,
      validators: [requiredTextValidator, maxCharsValidator(MESSAGE_LIMITS.interactiveBody)],
    }),
    footer: new FormControl('', {
      nonNullable: true,
      validators: [maxCharsValidator(MESSAGE_LIMITS.interactiveHeaderFooter)],
    }),
    buttons: new FormArray([createReplyButton()], { validators: [uniqueTitles] }),
    /** The label of the button that opens the list. */
    button: new FormControl('', {
      nonNullable: true,
      validators: [requiredTextValidator, maxCharsValidator(MESSAGE_LIMITS.listButton)],
    }),
    sections: new FormArray([createListSection()], { validators: [listRules] }),
  });
  form.controls.type.valueChanges.subscribe(() => applyInteractiveRules(form));
  applyInteractiveRules(form);
  return form;
}

export type InteractiveForm = ReturnType<typeof createInteractiveForm>;
export type InteractiveValue = ReturnType<InteractiveForm['getRawValue']>;

function applyInteractiveRules(form: InteractiveForm): void {
  const list = form.controls.type.value === 'list';
  setEnabled(form.controls.buttons, !list);
  setEnabled(form.controls.button, list);
  setEnabled(form.controls.sections, list);
}

/** A reply id from a title (`Yes, confirm` -> `1_yes_confirm`); replies come back with it. */
export function replyId(position: number, title: string): string {
  const slug = title
    .trim()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 40);
  return slug ? `${position}_${slug}` : String(position);
}

export function interactiveMessage(form: InteractiveForm): MessagePart {
  const value = form.getRawValue();
  const { controls } = form;
  const interactive: InteractiveDto = { type: value.type, body: value.body.trim() };
  const header = optionalText(value.header);
  const footer = optionalText(value.footer);
  if (header) interactive.header = header;
  if (footer) interactive.footer = footer;
  const fields: FieldControl[] = [
    ['interactive', form],
    ['interactive.type', controls.type],
    ['interactive.body', controls.body],
    ['interactive.header', controls.header],
    ['interactive.footer', controls.footer],
  ];

  if (value.type === 'button') {
    interactive.buttons = value.buttons.map((button, index) => ({
      id: replyId(index + 1, button.title),
      title: button.title.trim(),
    }));
    fields.push(['interactive.buttons', controls.buttons]);
    controls.buttons.controls.forEach((button, index) => {
      fields.push([`interactive.buttons.${index}`, button.controls.title]);
    });
  } else {
    interactive.button = value.button.trim();
    let position = 0;
    interactive.sections = value.sections.map((section): ListSectionDto => {
      const title = optionalText(section.title);
      return {
        ...(title ? { title } : {}),
        rows: section.rows.map((row) => {
          const description = optionalText(row.description);
          position++;
          return {
            id: replyId(position, row.title),
            title: row.title.trim(),
            ...(description ? { description } : {}),
          };
        }),
      };
    });
    fields.push(
      ['interactive.button', controls.button],
      ['interactive.sections', controls.sections],
    );
    controls.sections.controls.forEach((section, s) => {
      const prefix = `interactive.sections.${s}`;
      fields.push([prefix, section], [`${prefix}.title`, section.controls.title]);
      fields.push([`${prefix}.rows`, section.controls.rows]);
      section.controls.rows.controls.forEach((row, r) => {
        fields.push(
          [`${prefix}.rows.${r}`, row.controls.title],
          [`${prefix}.rows.${r}.description`, row.controls.description],
        );
      });
    });
  }
  return { content: { message_type: 'interactive', interactive }, fields };
}

export function interactiveBubble(value: InteractiveValue): WhatsAppBubble {
  return {
    header: value.header.trim() ? { kind: 'text', text: value.header } : null,
    body: value.body,
    footer: value.footer,
    buttons:
      value.type === 'button'
        ? value.buttons.map((button) => ({ text: button.title, kind: 'reply' as const }))
        : [{ text: value.button || 'Choose', kind: 'list' as const }],
  };
}

import { FormControl, FormGroup } from '@angular/forms';
import { MESSAGE_LIMITS } from '@convis/contracts';
import type { WhatsAppBubble } from '../../../../shared/whatsapp-preview/whatsapp-message';
import {
  maxCharsValidator,
  requiredTextValidator,
} from '../../../../shared/forms/message-validators';
import type { MessagePart } from '../../../../shared/forms/message-part';

export function createTextForm() {
  return new FormGroup({
    text: new FormControl('', {
      nonNullable: true,
      validators: [requiredTextValidator, maxCharsValidator(MESSAGE_LIMITS.text)],
    }),
    preview_url: new FormControl(false, { nonNullable: true }),
  });
}

export type TextForm = ReturnType<typeof createTextForm>;
export type TextValue = ReturnType<TextForm['getRawValue']>;

export function textMessage(form: TextForm): MessagePart {
  const { text, preview_url } = form.getRawValue();
  return {
    content: { message_type: 'text', text: text.trim(), ...(preview_url ? { preview_url } : {}) },
    fields: [
      ['text', form.controls.text],
      ['preview_url', form.controls.preview_url],
    ],
  };
}

const URL_PATTERN = /https?:\/\/[^\s]+/i;

export function textBubble({ text, preview_url }: TextValue): WhatsAppBubble {
  const url = preview_url ? URL_PATTERN.exec(text)?.[0] : undefined;
  return { header: url ? { kind: 'link', label: url } : null, body: text };
}

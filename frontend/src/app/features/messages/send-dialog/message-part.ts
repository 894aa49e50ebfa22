import type { AbstractControl } from '@angular/forms';
import type { SendMessageDto } from '../../../core/api/models/send-message-dto';

/** The kinds of message the dialog composes, one form each. */
export type MessageKind = 'text' | 'template' | 'media' | 'interactive' | 'location';

export const MESSAGE_KINDS: readonly {
  readonly kind: MessageKind;
  readonly label: string;
  readonly icon: string;
}[] = [
  { kind: 'text', label: 'Text', icon: 'notes' },
  { kind: 'template', label: 'Template', icon: 'article' },
  { kind: 'media', label: 'Media', icon: 'perm_media' },
  { kind: 'interactive', label: 'Buttons / list', icon: 'smart_button' },
  { kind: 'location', label: 'Location', icon: 'location_on' },
];

/** A message's own fields of `SendMessageDto` (everything but the account and recipient). */
export type MessageContent = Omit<SendMessageDto, 'account_id' | 'to' | 'reply_to'>;

/** A field of the request and the control it came from, by the name a 400 uses for it. */
export type FieldControl = readonly [field: string, control: AbstractControl];

/** A composed message: the request fields and where each came from, for 400 messages. */
export interface MessagePart {
  readonly content: MessageContent;
  readonly fields: readonly FieldControl[];
}

/** `value` trimmed, or `undefined` when that leaves nothing (optional fields are then left out). */
export function optionalText(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Enables or disables `control` when it is not that way already (no events otherwise). */
export function setEnabled(control: AbstractControl, enabled: boolean): void {
  if (enabled && control.disabled) control.enable();
  else if (!enabled && control.enabled) control.disable();
}

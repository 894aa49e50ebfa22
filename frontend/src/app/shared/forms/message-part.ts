// What every message form of the send dialog and the template composer produce: the request
// fields of a message and the control each came from.
import type { AbstractControl } from '@angular/forms';
import type { SendMessageDto } from '../../core/api/models/send-message-dto';

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

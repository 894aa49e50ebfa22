import type { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import type { SentMessageDto } from '../../../core/api/models/sent-message-dto';

/** What the send dialog starts with; everything is optional. */
export interface SendMessageDialogData {
  /** The account to send from (only active accounts can be chosen). */
  readonly accountId?: string;
  /**
   * The recipient: a number in international format (`+15550101234`), or a business-scoped
   * user id, which is then shown read-only.
   */
  readonly to?: string;
  /** A message to quote: ours or the contact's (our id or Meta's wamid, with its text). */
  readonly replyTo?: { readonly id: string; readonly preview_text: string };
  /** Open on the Template form (e.g. to restart a conversation outside the 24-hour window). */
  readonly mode?: 'template';
}

/**
 * Opens the "New message" dialog and resolves with the sent message (the API's `SentMessageDto`,
 * status `sent`), or `undefined` when it was closed without sending. The dialog itself shows
 * "Message sent"; callers add the result to their lists.
 *
 * The dialog's code is loaded on first use (a separate chunk), so importing this function costs
 * the page nothing.
 *
 * ```ts
 * const sent = await openSendMessageDialog(this.dialog, { to: contact.wa_id, mode: 'template' });
 * if (sent) this.messages.update((list) => [sent, ...list]);
 * ```
 */
export async function openSendMessageDialog(
  dialog: MatDialog,
  data: SendMessageDialogData = {},
): Promise<SentMessageDto | undefined> {
  const { SendMessageDialogComponent } = await import('./send-message-dialog.component');
  const ref = dialog.open<
    InstanceType<typeof SendMessageDialogComponent>,
    SendMessageDialogData,
    SentMessageDto
  >(SendMessageDialogComponent, {
    data,
    width: '1000px',
    maxWidth: '95vw',
    // With the account chosen, start at the recipient (or, without a number field, the dialog).
    autoFocus: data.accountId ? 'app-phone-field input' : 'first-tabbable',
    ariaLabelledBy: 'send-message-dialog-title',
  });
  return firstValueFrom(ref.afterClosed());
}

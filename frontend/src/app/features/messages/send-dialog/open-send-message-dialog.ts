import type { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import type { SentMessageDto } from '../../../core/api/models/sent-message-dto';

/** The dialog's width beside a page; below {@link PHONE_QUERY} it takes the whole screen. */
export const SEND_DIALOG_WIDTH = 'min(1000px, 95vw)';
/** Screens narrower than this (a phone held upright) get the dialog full-screen. */
export const PHONE_QUERY = '(max-width: 599.98px)';
/** The overlay pane's class while the dialog is full-screen (square corners, see styles.scss). */
export const FULL_SCREEN_DIALOG_CLASS = 'full-screen-dialog';

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
    // The dialog switches to full-screen on phones itself (and back, if the phone is turned).
    width: SEND_DIALOG_WIDTH,
    maxWidth: '100vw',
    // With the account chosen, start at the recipient (or, without a number field, the dialog).
    autoFocus: data.accountId ? 'app-phone-field input' : 'first-tabbable',
    ariaLabelledBy: 'send-message-dialog-title',
  });
  return firstValueFrom(ref.afterClosed());
}

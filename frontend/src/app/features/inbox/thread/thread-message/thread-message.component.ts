import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { MetaErrorPanelComponent } from '../../../../shared/meta-error/meta-error-panel.component';
import { WhatsAppBubbleComponent } from '../../../../shared/whatsapp-preview/whatsapp-bubble.component';
import { MessageMediaComponent } from '../../../../shared/message-media/message-media.component';
import type { MessageItem } from '../thread-items';

/**
 * One message of the thread: its WhatsApp bubble (with the customer's media inside, ticks on
 * ours), the reactions to it, why it failed (Meta's explanation on demand), and a Reply action.
 */
@Component({
  selector: 'app-thread-message',
  imports: [
    MatButton,
    MatIconButton,
    MatIcon,
    MatTooltip,
    MetaErrorPanelComponent,
    WhatsAppBubbleComponent,
    MessageMediaComponent,
  ],
  templateUrl: './thread-message.component.html',
  styleUrl: './thread-message.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class.in]': "item().direction === 'in'",
    '[attr.data-message-id]': 'item().id',
  },
})
export class ThreadMessageComponent {
  readonly item = input.required<MessageItem>();
  /** Passed on to the media: changed to try a pending download again. */
  readonly mediaRetry = input(0);
  /** The user wants to reply to this message. */
  readonly reply = output<void>();

  protected readonly showError = signal(false);

  protected toggleError(): void {
    this.showError.update((shown) => !shown);
  }
}

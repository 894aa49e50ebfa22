import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import type { MessageStatus } from '../../core/api/models/message-status';

export interface StatusChipView {
  readonly label: string;
  /** A Material Symbols name: ticks like WhatsApp's. */
  readonly icon: string;
  /** What the status means, for a tooltip or a screen reader. */
  readonly description: string;
}

const VIEWS: Record<MessageStatus, StatusChipView> = {
  queued: {
    label: 'Queued',
    icon: 'schedule',
    description: 'Waiting to be handed to WhatsApp.',
  },
  sent: { label: 'Sent', icon: 'check', description: 'WhatsApp accepted the message.' },
  delivered: {
    label: 'Delivered',
    icon: 'done_all',
    description: "Delivered to the recipient's phone.",
  },
  read: {
    label: 'Read',
    icon: 'done_all',
    description: 'The recipient opened the message: blue ticks in WhatsApp.',
  },
  played: {
    label: 'Played',
    icon: 'done_all',
    description: 'The recipient played the voice message.',
  },
  failed: { label: 'Failed', icon: 'error', description: 'The message could not be delivered.' },
  received: {
    label: 'Received',
    icon: 'call_received',
    description: 'A message from the contact.',
  },
};

/**
 * Where the words differ for a message from the contact: its `read` is the business reading it
 * (the console sent WhatsApp a read receipt), not the recipient.
 */
const INBOUND_VIEWS: Partial<Record<MessageStatus, StatusChipView>> = {
  read: {
    label: 'Read by you',
    icon: 'mark_chat_read',
    description: 'You read this message: WhatsApp showed the contact blue ticks.',
  },
};

/**
 * Label, icon and meaning of a message status; with the message's direction, in the words of
 * that side (an inbound `read` is "Read by you").
 */
export function statusChipView(
  status: MessageStatus,
  direction: 'in' | 'out' | null = null,
): StatusChipView {
  return (direction === 'in' ? INBOUND_VIEWS[status] : undefined) ?? VIEWS[status];
}

/**
 * A message status as a small pill, in the colours of the first Convis console (sent blue,
 * delivered green, read purple, failed red, queued grey, received teal) with WhatsApp's ticks:
 * ✓ sent, ✓✓ delivered, blue ✓✓ read, ! failed. Give it the message's `direction`: a message
 * the contact sent and the business read is "Read by you", outlined and with its own icon, so it
 * is never taken for the recipient's blue ticks. Its tooltip says what the status means. Colours are
 * `light-dark()` pairs or `--mat-sys-*` roles, so they work in both themes.
 */
@Component({
  selector: 'app-status-chip',
  imports: [MatIcon, MatTooltip],
  templateUrl: './status-chip.component.html',
  styleUrl: './status-chip.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChipComponent {
  readonly status = input.required<MessageStatus>();
  /** The message's direction: the words (and colour) of a read inbound message differ. */
  readonly direction = input<'in' | 'out' | null>(null);

  protected readonly view = computed(() => statusChipView(this.status(), this.direction()));
}

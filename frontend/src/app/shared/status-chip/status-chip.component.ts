import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
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
  read: { label: 'Read', icon: 'done_all', description: 'The recipient opened the message.' },
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

/** Label, icon and meaning of a message status. */
export function statusChipView(status: MessageStatus): StatusChipView {
  return VIEWS[status];
}

/**
 * A message status as a small pill, in the colours of the first Convis console (sent blue,
 * delivered green, read purple, failed red, queued grey, received teal) with WhatsApp's ticks:
 * ✓ sent, ✓✓ delivered, blue ✓✓ read, ! failed. Colours are `light-dark()` pairs or `--mat-sys-*`
 * roles, so they work in both themes.
 */
@Component({
  selector: 'app-status-chip',
  imports: [MatIcon],
  templateUrl: './status-chip.component.html',
  styleUrl: './status-chip.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChipComponent {
  readonly status = input.required<MessageStatus>();

  protected readonly view = computed(() => statusChipView(this.status()));
}

import { type MessageStatus } from '../database/schema.js';

/**
 * Status precedence of outbound messages. Meta's webhooks can arrive twice and out of order
 * (read before delivered, delivered after failed): a status only ever moves forward, and
 * `failed` is terminal. `played` (voice messages) ranks above `read`.
 */
const RANK: Record<MessageStatus, number> = {
  queued: 0,
  received: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 5,
};

/** Whether a message in `current` should take `next` as its status. */
export function advancesStatus(current: MessageStatus, next: MessageStatus): boolean {
  if (current === 'failed') return false;
  return RANK[next] > RANK[current];
}

/** Meta's status names that we record; others (group variants, unknown) are kept raw only. */
export function parseMetaStatus(value: unknown): MessageStatus | undefined {
  switch (value) {
    case 'sent':
    case 'delivered':
    case 'read':
    case 'played':
    case 'failed':
      return value;
    default:
      return undefined;
  }
}

/** The column that records when a message reached a status, if any. */
export function timestampColumnOf(
  status: MessageStatus,
): 'sentAt' | 'deliveredAt' | 'readAt' | 'failedAt' | undefined {
  switch (status) {
    case 'sent':
      return 'sentAt';
    case 'delivered':
      return 'deliveredAt';
    case 'read':
    case 'played':
      return 'readAt';
    case 'failed':
      return 'failedAt';
    case 'queued':
    case 'received':
      return undefined;
  }
}

/** 24 hours: the customer service window after a contact's last inbound message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export function windowOpen(lastInboundAt: Date | null, now: Date = new Date()): boolean {
  return lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < SERVICE_WINDOW_MS;
}

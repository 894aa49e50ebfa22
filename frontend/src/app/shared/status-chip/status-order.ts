import type { MessageStatus } from '../../core/api/models/message-status';

/**
 * Status precedence (the backend's `advancesStatus`): statuses only move forward and `failed` is
 * final. A live event can arrive after a page that already shows a later status.
 */
export const STATUS_RANK: Record<MessageStatus, number> = {
  queued: 0,
  received: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 5,
};

/** The status a message shows after a live status event: the later of the two. */
export function laterStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  if (current === 'failed') return current;
  return STATUS_RANK[next] > STATUS_RANK[current] ? next : current;
}

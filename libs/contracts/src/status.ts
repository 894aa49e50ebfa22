/**
 * A message's statuses. Outbound: queued -> sent -> delivered -> read (played for voice), and
 * failed. Inbound messages are `received` (and `read` once the business marked them read).
 * The same values, in the same order, as the database enum and the API's `MessageStatus`.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'read',
  'played',
  'failed',
  'received',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Status precedence. Meta's webhooks can arrive twice and out of order (read before delivered,
 * delivered after failed), and a live event can reach a page that already shows a later status:
 * a status only ever moves forward, and `failed` is final. `played` (voice messages) ranks above
 * `read`.
 */
export const STATUS_RANK: { readonly [S in MessageStatus]: number } = {
  queued: 0,
  received: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 5,
};

/** Whether a message in `current` takes `next` as its status. */
export function advancesStatus(current: MessageStatus, next: MessageStatus): boolean {
  if (current === 'failed') return false;
  return STATUS_RANK[next] > STATUS_RANK[current];
}

/** The status a message shows after `next` was reported: the later of the two. */
export function laterStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  return advancesStatus(current, next) ? next : current;
}

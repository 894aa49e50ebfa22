/**
 * 24 hours: the customer service window. After a contact's last message the business may send
 * anything for this long; after that only approved templates.
 */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** When the window opened by a message received at `lastInboundAt` closes. */
export function serviceWindowEnd(lastInboundAt: Date): Date {
  return new Date(lastInboundAt.getTime() + SERVICE_WINDOW_MS);
}

/** Whether free-form messages may be sent at `now` (never without an inbound message). */
export function isServiceWindowOpen(lastInboundAt: Date | null, now: Date = new Date()): boolean {
  return lastInboundAt !== null && now.getTime() < serviceWindowEnd(lastInboundAt).getTime();
}

/**
 * A sort key for applying stored events: the row an event locks first (for a status, its
 * message; for an inbound message, the customer's contact; for an account update, the business
 * account). Batches that apply their events in this order take those row locks in one global
 * order, so two batches running at the same time (on two instances, or a sweep beside a burst)
 * wait for each other instead of deadlocking; the order of events inside a batch changes
 * nothing else, as statuses are order-proof and inbound messages keep their own timestamps.
 */
export function lockOrderKey(payload: unknown): string {
  for (const entry of listOf(field(payload, 'entry'))) {
    for (const change of listOf(field(entry, 'changes'))) {
      if (typeof change !== 'object' || change === null) continue;
      const value = field(change, 'value');
      if (field(change, 'field') !== 'messages') return `account:${text(field(entry, 'id'))}`;
      const phoneNumberId = text(field(field(value, 'metadata'), 'phone_number_id'));
      // The processor applies an event's statuses before its messages.
      const [status] = listOf(field(value, 'statuses'));
      if (status !== undefined) return `message:${text(field(status, 'id'))}`;
      const [message] = listOf(field(value, 'messages'));
      if (message !== undefined) {
        const from = text(field(message, 'from')) || text(field(message, 'from_user_id'));
        return `contact:${phoneNumberId}:${from}`;
      }
    }
  }
  return '';
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

import type { LiveEventData } from '@convis/contracts';
import { aAccount } from './account-fixtures';

const AT = '2026-11-24T12:00:00.000Z';

/** A `message.created` payload as the backend publishes it. */
export function aMessageCreated(
  overrides: Partial<LiveEventData<'message.created'>> = {},
): LiveEventData<'message.created'> {
  return {
    message_id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    contact_id: '0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d',
    account_id: aAccount().id,
    direction: 'out',
    status: 'queued',
    message_type: 'text',
    preview: 'Your order has shipped',
    created_at: AT,
    ...overrides,
  };
}

/** A `message.status` payload as the backend publishes it for a status webhook. */
export function aStatusChange(
  change: Pick<LiveEventData<'message.status'>, 'message_id' | 'status' | 'event'> &
    Partial<LiveEventData<'message.status'>>,
): LiveEventData<'message.status'> {
  return { wa_message_id: `wamid.${change.message_id}`, occurred_at: AT, ...change };
}

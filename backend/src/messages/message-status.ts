import {
  type MessageStatusEventName,
  type MessageStatus as SharedMessageStatus,
} from '@convis/contracts';
import { type MessageStatus } from './messages.schema.js';

// The order of statuses (advancesStatus) lives in @convis/contracts with the console's copy of
// the same rule; the database enum must hold exactly its statuses, or this stops compiling.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const SAME_STATUSES: Same<MessageStatus, SharedMessageStatus> = true;
void SAME_STATUSES;

/** The statuses Meta reports that we record (and name in `message.status` events). */
export type MetaStatusName = Exclude<MessageStatusEventName, 'accepted'>;

/** Meta's status names that we record; others (group variants, unknown) are kept raw only. */
export function parseMetaStatus(value: unknown): MetaStatusName | undefined {
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

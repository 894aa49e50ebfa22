import { type CancelledSendError, type Message } from './messages.schema.js';

/**
 * Disconnecting an account cancels the sends still queued from it: they fail with this error.
 * A send can be queued because its request is with Meta right now (then Meta's answer decides:
 * see `wasCancelled`), or because its process died before Meta answered (then nothing else
 * would ever settle it).
 */
export const ACCOUNT_DISCONNECTED: CancelledSendError = {
  source: 'cancelled',
  title: 'Not sent: account disconnected',
  message: 'The WhatsApp account was disconnected before this message was handed to Meta.',
  explanation:
    'The message was still queued when its WhatsApp account was disconnected, so it was not sent.',
  fix: 'Connect the account again (or choose another one) and send the message again.',
  retryable: false,
};

/**
 * A message cancelled while still queued. If Meta turns out to have taken it after all (its
 * request was on its way), Meta's word wins: the message is revived and recorded as sent.
 */
export function wasCancelled(message: Pick<Message, 'status' | 'error'>): boolean {
  return message.status === 'failed' && message.error?.source === 'cancelled';
}

import { serviceWindowEnd } from '@convis/contracts';
import type { ContactSummaryDto } from '../../core/api/models/contact-summary-dto';
import type { ConversationDto } from '../../core/api/models/conversation-dto';
import { formatAddress } from '../../shared/message-detail/message-display';

/** What the 24-hour customer service window allows right now. */
export type WindowState =
  | {
      readonly open: true;
      readonly expiresAt: number;
      /** `3 h 12 min`, `12 min`, `less than a minute`. */
      readonly timeLeft: string;
    }
  | {
      readonly open: false;
      /** When it closed; `null` when the contact never wrote. */
      readonly closedAt: number | null;
    };

/**
 * How a contact is named: the business's name for them, else their WhatsApp profile name, else
 * their number, else their user id.
 */
export function contactName(contact: ContactSummaryDto): string {
  return (
    contact.name?.trim() ||
    contact.profile_name?.trim() ||
    (contact.wa_id ? formatAddress(contact.wa_id) : null) ||
    contact.user_id ||
    'Unknown contact'
  );
}

/** The second line under a named contact: their number or user id (nothing when it is the name). */
export function contactAddress(contact: ContactSummaryDto): string | null {
  const address = contact.wa_id ? formatAddress(contact.wa_id) : contact.user_id;
  return address && address !== contactName(contact) ? address : null;
}

/** Up to two letters for an avatar. */
export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return '#';
  if (/^\d/.test(words[0])) return '#';
  const letters = words.length === 1 ? [words[0][0]] : [words[0][0], words[words.length - 1][0]];
  return letters.join('').toUpperCase();
}

/**
 * The recipient to send to: the number in international format, or the business-scoped user id
 * of a username contact (the send dialog shows those read-only).
 */
export function recipientOf(contact: ContactSummaryDto): string | null {
  if (contact.wa_id) return `+${contact.wa_id.replace(/^\+/, '')}`;
  return contact.user_id;
}

/** `3 h 12 min`, `45 min`, `less than a minute`. */
export function formatTimeLeft(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/**
 * The window at `now`, from when it closes: the server's `open` was true when the page loaded,
 * but a window that closes while the page is open must show closed without a refetch.
 */
export function windowState(
  conversation: Pick<ConversationDto, 'window'>,
  now: number,
): WindowState {
  const expires = conversation.window.expires_at
    ? new Date(conversation.window.expires_at).getTime()
    : NaN;
  if (!Number.isFinite(expires)) return { open: false, closedAt: null };
  if (expires <= now) return { open: false, closedAt: expires };
  return { open: true, expiresAt: expires, timeLeft: formatTimeLeft(expires - now) };
}

/** The window after the contact wrote at `receivedAt`: open for 24 hours from then. */
export function windowAfterInbound(receivedAt: string): ConversationDto['window'] {
  const at = new Date(receivedAt);
  return Number.isFinite(at.getTime())
    ? { open: true, expires_at: serviceWindowEnd(at).toISOString() }
    : { open: true, expires_at: null };
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const WEEKDAY = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const FULL_DAY = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** A conversation's time as chat lists show it: `14:05` today, `Yesterday`, `Mon`, `3 Nov`. */
export function formatListTime(time: string, now: number): string {
  const at = new Date(time).getTime();
  if (!Number.isFinite(at)) return '';
  const days = Math.round((startOfDay(now) - startOfDay(at)) / 86_400_000);
  if (days <= 0) return TIME.format(at);
  if (days === 1) return 'Yesterday';
  if (days < 7) return WEEKDAY.format(at);
  return new Date(at).getFullYear() === new Date(now).getFullYear()
    ? DAY.format(at)
    : FULL_DAY.format(at);
}

/** The heading of a day in a thread: `Today`, `Yesterday`, `24 Nov 2026`. */
export function formatDayHeading(time: string, now: number): string {
  const at = new Date(time).getTime();
  if (!Number.isFinite(at)) return '';
  const days = Math.round((startOfDay(now) - startOfDay(at)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return FULL_DAY.format(at);
}

/** The local day of `time`, as a key to group messages by. */
export function dayKey(time: string): string {
  const date = new Date(time);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

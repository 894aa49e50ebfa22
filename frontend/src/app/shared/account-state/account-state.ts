import type { AccountResponseDto } from '../../core/api/models/account-response-dto';
import type { ConnectionStepDto } from '../../core/api/models/connection-step-dto';
import type { ConnectionTestResponseDto } from '../../core/api/models/connection-test-response-dto';
import { formatDateTime, formatRelativeTime } from '../format/date-time';

/**
 * How an account is doing, in the words every place that offers it uses (the send dialog, the
 * campaign wizard, the Inbox's reply box, the Accounts page): connected or failing with the
 * connection checklist's reason, and when Meta's webhooks last reached it.
 */

/** The first step that did not pass, if any. */
export function failingStep(
  result: ConnectionTestResponseDto | null | undefined,
): ConnectionStepDto | null {
  return result?.steps.find((step) => !step.ok) ?? null;
}

/** Why an account is failing, from its last connection checklist. */
export function failureReason(account: AccountResponseDto): string {
  const step = failingStep(account.last_check);
  return step
    ? `Failed at "${step.name}": ${step.detail}`
    : 'The last verification did not pass. Verify again for details.';
}

/** `Support line · +1 555-010-0001`: an account as a choice. */
export function accountName(account: AccountResponseDto): string {
  return `${account.label} · ${account.display_phone_number ?? `phone number ${account.phone_number_id}`}`;
}

export interface WebhookView {
  /** `Last webhook 3 minutes ago`, or `No webhook received yet`. */
  readonly text: string;
  /** `3 minutes ago`; `null` when none came. */
  readonly ago: string | null;
  /** The exact time, for a tooltip; `null` when none came. */
  readonly exact: string | null;
  /** Meta has sent nothing yet: the webhook set-up is probably not done or broken. */
  readonly missing: boolean;
}

/** When Meta's webhooks last reached the account. */
export function webhookView(account: AccountResponseDto, now: number = Date.now()): WebhookView {
  const at = account.last_webhook_at;
  if (!at) return { text: 'No webhook received yet', ago: null, exact: null, missing: true };
  const ago = formatRelativeTime(at, now);
  return { text: `Last webhook ${ago}`, ago, exact: formatDateTime(at), missing: false };
}

export interface AccountStateView {
  /** The last verification passed: messages can be sent from it. */
  readonly connected: boolean;
  /** `Connected`, or `Failing: Failed at "Access token accepted": …`. */
  readonly status: string;
  /** Why it is failing; `null` when connected. */
  readonly reason: string | null;
  readonly webhook: WebhookView;
  /** One line: `Connected · Last webhook 3 minutes ago`. */
  readonly summary: string;
}

/** The account's state as the composers show it beside each account. */
export function accountState(
  account: AccountResponseDto,
  now: number = Date.now(),
): AccountStateView {
  const connected = account.status === 'active';
  const reason = connected ? null : failureReason(account);
  const webhook = webhookView(account, now);
  const status = connected ? 'Connected' : `Failing: ${reason}`;
  return { connected, status, reason, webhook, summary: `${status} · ${webhook.text}` };
}

import { Clipboard } from '@angular/cdk/clipboard';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  resource,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import {
  MatExpansionPanel,
  MatExpansionPanelContent,
  MatExpansionPanelDescription,
  MatExpansionPanelHeader,
  MatExpansionPanelTitle,
} from '@angular/material/expansion';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { filter } from 'rxjs';
import { STATUS_RANK } from '@convis/contracts';
import { Api } from '../../core/api/api';
import { listMedia } from '../../core/api/fn/media/list-media';
import { getMessage } from '../../core/api/fn/messages/get-message';
import type { AccountResponseDto } from '../../core/api/models/account-response-dto';
import type { MessageDetailDto } from '../../core/api/models/message-detail-dto';
import type { MessageErrorDto } from '../../core/api/models/message-error-dto';
import type { MessageStatus } from '../../core/api/models/message-status';
import { describeError } from '../../core/errors/api-error';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { formatDateTime, formatRelativeTime } from '../format/date-time';
import { hasMediaFile, mediaItemOf, mediaObject } from '../message-media/media-item';
import { MessageMediaComponent } from '../message-media/message-media.component';
import { StatusChipComponent } from '../status-chip/status-chip.component';
import { FormattedTextComponent } from '../whatsapp-preview/formatted-text.component';
import { sentTemplateBubble } from '../whatsapp-preview/sent-template-bubble';
import { WhatsAppBubbleComponent } from '../whatsapp-preview/whatsapp-bubble.component';
import { WhatsAppChatComponent } from '../whatsapp-preview/whatsapp-chat.component';
import {
  type StatusErrorView,
  counterpart,
  describeConversation,
  describePricing,
  describeStatusErrors,
  directionView,
  formatAddress,
  messageText,
  messageTypeView,
} from './message-display';

/** One entry of the status timeline as the panel shows it. */
export interface TimelineEntry {
  readonly status: MessageStatus;
  readonly occurredAt: string;
  readonly time: string;
  readonly pricing: string | null;
  readonly conversation: string | null;
  readonly errors: readonly StatusErrorView[];
}

const wholeSeconds = (time: string) => Math.floor(new Date(time).getTime() / 1000);

/** Oldest first; within one second by status rank (Meta's times have whole seconds, ours ms). */
function timelineOf(message: MessageDetailDto): TimelineEntry[] {
  const events = [...message.timeline].sort(
    (a, b) =>
      wholeSeconds(a.occurred_at) - wholeSeconds(b.occurred_at) ||
      STATUS_RANK[a.status] - STATUS_RANK[b.status],
  );
  // Meta repeats the pricing (and conversation) on every status: shown where it first appears,
  // and again only where it changed.
  let pricingShown: string | null = null;
  let conversationShown: string | null = null;
  const entries = events.map((event) => {
    const pricing = describePricing(event.pricing);
    const conversation = describeConversation(event.conversation);
    const entry = {
      status: event.status,
      occurredAt: event.occurred_at,
      time: formatDateTime(event.occurred_at),
      pricing: pricing === pricingShown ? null : pricing,
      conversation: conversation === conversationShown ? null : conversation,
      errors: describeStatusErrors(event.errors),
    };
    pricingShown = pricing ?? pricingShown;
    conversationShown = conversation ?? conversationShown;
    return entry;
  });
  // Inbound messages have no delivery statuses: their arrival is the one event.
  if (entries.length === 0 && message.direction === 'in') {
    const at = message.received_at ?? message.created_at;
    entries.push({
      status: 'received',
      occurredAt: at,
      time: formatDateTime(at),
      pricing: null,
      conversation: null,
      errors: [],
    });
  }
  return entries;
}

/** Meta's own words of an error, unless they only repeat its title. */
function metaMessage(error: MessageErrorDto): string | null {
  const plain = (text: string) =>
    text
      .replace(/^\(#\d+\)\s*/, '')
      .replace(/[.\s]+$/, '')
      .toLowerCase();
  const parts = [error.message, error.details].filter(
    (part): part is string => Boolean(part) && plain(part ?? '') !== plain(error.title),
  );
  return parts.length > 0 ? [...new Set(parts)].join(' — ') : null;
}

/**
 * The details of one message, for the drawer of the Messages page: who and what, the error with
 * Meta's explanation and the fix, the status timeline (Meta's times, pricing, errors) and the raw
 * payload. A photo, video, voice note or document shows as in the Inbox (a customer's, or ours
 * sent by link or as an upload the backend kept). It follows the message's live status events.
 */
@Component({
  selector: 'app-message-detail',
  imports: [
    MatButton,
    MatIconButton,
    MatIcon,
    MatProgressBar,
    MatTooltip,
    MatExpansionPanel,
    MatExpansionPanelHeader,
    MatExpansionPanelTitle,
    MatExpansionPanelDescription,
    MatExpansionPanelContent,
    FormattedTextComponent,
    MessageMediaComponent,
    StatusChipComponent,
    WhatsAppBubbleComponent,
    WhatsAppChatComponent,
  ],
  templateUrl: './message-detail.component.html',
  styleUrl: './message-detail.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageDetailComponent {
  private readonly api = inject(Api);
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);

  readonly messageId = input.required<string>();
  /** The organization's accounts, to name the one the message went through. */
  readonly accounts = input<readonly AccountResponseDto[]>([]);
  /** The user asked to close the panel. */
  readonly dismiss = output<void>();

  protected readonly detail = resource({
    params: () => this.messageId(),
    loader: ({ params }) => this.api.invoke(getMessage, { id: params }),
  });
  /** The message's media file (undefined while it is looked up; null: none, or not found). */
  private readonly mediaFile = resource({
    params: () => {
      const message = this.detail.hasValue() ? this.detail.value() : undefined;
      return message && hasMediaFile(message) ? message.id : undefined;
    },
    loader: async ({ params }) =>
      (await this.api.invoke(listMedia, { message_id: params }))[0] ?? null,
  });
  /** The media in a bubble of its own, with the caption, as the customer's WhatsApp shows it. */
  protected readonly media = computed(() => {
    if (!this.detail.hasValue()) return null;
    const message = this.detail.value();
    const file = this.mediaFile.hasValue()
      ? this.mediaFile.value()
      : this.mediaFile.error()
        ? null
        : undefined;
    const item = mediaItemOf(message, file);
    const caption = mediaObject(message)['caption'];
    return item && { item, body: typeof caption === 'string' ? caption : null };
  });
  protected readonly loadError = computed(() => {
    const error = this.detail.error();
    return error ? describeError(error) : null;
  });
  protected readonly view = computed(() => {
    if (!this.detail.hasValue()) return null;
    const message = this.detail.value();
    const account = this.accounts().find((item) => item.id === message.account_id);
    // The business's name for the contact first, then the one they gave WhatsApp.
    const contactName = message.contact.name?.trim() || message.contact.profile_name;
    const address = counterpart(message);
    return {
      message,
      direction: directionView(message.direction),
      type: messageTypeView(message.message_type),
      heading: `${message.direction === 'out' ? 'To' : 'From'} ${contactName ?? address}`,
      contact: contactName ? `${contactName} · ${address}` : address,
      from: formatAddress(message.from),
      to: formatAddress(message.to),
      account: account?.label ?? (message.account_id ? null : 'Disconnected account'),
      created: formatDateTime(message.created_at),
      createdRelative: formatRelativeTime(message.created_at),
      timeline: timelineOf(message),
      text: messageText(message),
      raw: JSON.stringify(message.content, null, 2),
      // A template as the customer read it, variables filled in.
      template: message.template ? sentTemplateBubble(message.template) : null,
      errorMessage: message.error ? metaMessage(message.error) : null,
    };
  });

  constructor() {
    // A new status for this message, or events that may have been missed: fetch it again.
    const realtime = inject(RealtimeService);
    realtime
      .on('message.status')
      .pipe(
        filter(({ data }) => data.message_id === this.messageId()),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.detail.reload());
    realtime.resync$.pipe(takeUntilDestroyed()).subscribe(() => this.detail.reload());
  }

  protected retry(): void {
    this.detail.reload();
  }

  protected copy(text: string, what: string): void {
    const copied = this.clipboard.copy(text);
    this.snackBar.open(copied ? `${what} copied` : `Couldn't copy the ${what.toLowerCase()}`);
  }
}

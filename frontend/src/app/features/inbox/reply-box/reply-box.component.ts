import { LiveAnnouncer } from '@angular/cdk/a11y';
import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { charCount, MESSAGE_LIMITS } from '@convis/contracts';
import { APP_LINKS } from '../../../app.paths';
import { Api } from '../../../core/api/api';
import { sendMessage } from '../../../core/api/fn/messages/send-message';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import type { ConversationDto } from '../../../core/api/models/conversation-dto';
import type { SendMessageDto } from '../../../core/api/models/send-message-dto';
import type { SentMessageDto } from '../../../core/api/models/sent-message-dto';
import { apiFieldErrors } from '../../../core/errors/api-error';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { setServerError } from '../../../core/errors/form-errors';
import { failureReason } from '../../../shared/account-state/account-state';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { fieldErrorMessage } from '../../../shared/forms/field-error';
import { followControl } from '../../../shared/forms/follow-control';
import { formatDateTime, formatRelativeTime } from '../../../shared/format/date-time';
import { MetaErrorPanelComponent } from '../../../shared/meta-error/meta-error-panel.component';
import { maxCharsValidator } from '../../../shared/forms/message-validators';
import {
  type SendMessageDialogData,
  openSendMessageDialog,
} from '../../messages/send-dialog/open-send-message-dialog';
import { type SendFailure, classifySendFailure } from '../../messages/send-dialog/send-failure';
import { SubmissionKeys } from '../../messages/send-dialog/submission-key';
import { contactName, recipientOf, windowState } from '../conversation-display';

/** How often the time left in the window is brought up to date. */
export const WINDOW_TICK_MS = 15_000;
/** Meta's "re-engagement message" error: more than 24 hours since the customer wrote. */
const WINDOW_CLOSED_CODE = 131047;
/** The character counter shows from this many characters left. */
const COUNTER_FROM = 200;

/** The message a reply quotes. */
export interface ReplyTarget {
  /** Our message id (the API finds its wamid). */
  readonly id: string;
  readonly text: string;
}

/** A message sent from the inbox: what the API answered, and what was asked (text replies). */
export interface InboxSend {
  readonly sent: SentMessageDto;
  /** The request of a text reply; `null` for what the send dialog sent. */
  readonly request: SendMessageDto | null;
}

/** A failure shown above the box (the others go under the field or to a snackbar). */
type ShownFailure = Extract<SendFailure, { kind: 'meta' | 'unknown' }>;

/**
 * The reply box under a conversation. While the contact's 24-hour window is open it sends free
 * text (Enter sends, Shift+Enter starts a new line) with an Idempotency-Key per submission, shows
 * how long the window stays open, quotes the message being replied to, and explains Meta's
 * refusals. Once the window is closed (by the clock, or as the server says) it explains why and
 * offers the send dialog's Template form instead. The send dialog also opens for media,
 * interactive messages and locations.
 */
@Component({
  selector: 'app-reply-box',
  imports: [
    ReactiveFormsModule,
    CdkTextareaAutosize,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatButton,
    MatIconButton,
    MatIcon,
    MatTooltip,
    RouterLink,
    ButtonSpinnerComponent,
    MetaErrorPanelComponent,
  ],
  templateUrl: './reply-box.component.html',
  styleUrl: './reply-box.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReplyBoxComponent {
  private readonly api = inject(Api);
  private readonly dialog = inject(MatDialog);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly errors = inject(ErrorNotifier);
  private readonly textarea = viewChild<ElementRef<HTMLTextAreaElement>>('textarea');
  private keys = new SubmissionKeys();

  readonly conversation = input.required<ConversationDto>();
  /**
   * The account the conversation runs on, as the Accounts page lists it (its state); `null` while
   * unknown. A failing one cannot reply.
   */
  readonly account = input<AccountResponseDto | null>(null);
  /** The message the reply quotes, if any. */
  readonly replyTo = input<ReplyTarget | null>(null);
  /** A message went out (from the box or the send dialog). */
  readonly sent = output<InboxSend>();
  /** The user dropped the quote. */
  readonly cancelReply = output<void>();

  protected readonly links = APP_LINKS;
  protected readonly max = MESSAGE_LIMITS.text;
  protected readonly text = new FormControl('', {
    nonNullable: true,
    validators: [maxCharsValidator(MESSAGE_LIMITS.text)],
  });
  private readonly value = followControl(() => this.text);
  protected readonly count = computed(() => charCount(this.value()));
  protected readonly showCounter = computed(() => this.count() > this.max - COUNTER_FROM);
  protected readonly errorText = () => fieldErrorMessage(this.text, 'The message');

  private readonly now = signal(Date.now());
  private readonly contactId = computed(() => this.conversation().contact.id);
  protected readonly name = computed(() => contactName(this.conversation().contact));
  protected readonly accountId = computed(() => this.conversation().business_number.account_id);
  /** The account failed its last verification: why, and replies wait until it is verified. */
  protected readonly accountProblem = computed(() => {
    const account = this.account();
    return account && account.id === this.accountId() && account.status !== 'active'
      ? { label: account.label, reason: failureReason(account) }
      : null;
  });
  private readonly recipient = computed(() => recipientOf(this.conversation().contact));
  protected readonly window = computed(() => windowState(this.conversation(), this.now()));
  /** The server refused a free-form message: the window is closed, whatever the clock says. */
  private readonly closedByServer = linkedSignal<
    ConversationDto,
    { readonly lastInboundAt: string | null } | null
  >({ source: this.conversation, computation: () => null });
  protected readonly open = computed(() => this.window().open && !this.closedByServer());
  protected readonly timeLeft = computed(() => {
    const window = this.window();
    return window.open ? window.timeLeft : null;
  });
  protected readonly lastWrote = computed(() => {
    const at = this.closedByServer()?.lastInboundAt ?? this.conversation().last_inbound_at;
    return at
      ? {
          text: `${this.name()} last wrote ${formatRelativeTime(at, this.now())}.`,
          exact: formatDateTime(at),
        }
      : { text: `${this.name()} hasn't written to this number yet.`, exact: null };
  });

  protected readonly sending = signal(false);
  protected readonly failure = signal<ShownFailure | null>(null);

  constructor() {
    const clock = setInterval(() => this.now.set(Date.now()), WINDOW_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
    // Another conversation: a fresh box.
    effect(() => {
      this.contactId();
      untracked(() => {
        this.text.reset('');
        this.failure.set(null);
        this.keys = new SubmissionKeys();
      });
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.send();
  }

  protected async send(): Promise<void> {
    if (this.sending()) return;
    const text = this.text.value.trim();
    const accountId = this.accountId();
    const to = this.recipient();
    if (!text || !accountId || !to || this.accountProblem()) return;
    if (this.text.invalid) {
      this.text.markAsTouched();
      return;
    }
    const replyTo = this.replyTo();
    const body: SendMessageDto = {
      account_id: accountId,
      to,
      message_type: 'text',
      text,
      ...(replyTo ? { reply_to: replyTo.id } : {}),
    };
    const key = this.keys.keyFor(body);
    this.failure.set(null);
    this.sending.set(true);
    try {
      const sent = await this.api.invoke(sendMessage, { 'Idempotency-Key': key, body });
      this.keys.settle();
      this.text.reset('');
      this.sent.emit({ sent, request: body });
      void this.announcer.announce('Message sent');
    } catch (error) {
      this.showFailure(error);
    } finally {
      this.sending.set(false);
    }
  }

  /** Outside the window: the send dialog's Template form, for this contact and account. */
  protected openTemplates(): Promise<void> {
    return this.openDialog({ mode: 'template' });
  }

  /** The send dialog, for media, buttons, lists or a location. */
  protected openSendDialog(): Promise<void> {
    return this.openDialog({});
  }

  private async openDialog(extra: Pick<SendMessageDialogData, 'mode'>): Promise<void> {
    const accountId = this.accountId();
    const to = this.recipient();
    const replyTo = this.replyTo();
    const sent = await openSendMessageDialog(this.dialog, {
      ...(accountId ? { accountId } : {}),
      ...(to ? { to } : {}),
      ...(replyTo ? { replyTo: { id: replyTo.id, preview_text: replyTo.text } } : {}),
      ...extra,
    });
    if (sent) this.sent.emit({ sent, request: null });
  }

  private showFailure(error: unknown): void {
    const failure = classifySendFailure(error);
    // Only an unanswered attempt may be the same submission again (see SubmissionKeys).
    if (failure.kind !== 'unknown') this.keys.settle();
    switch (failure.kind) {
      case 'fields': {
        const unmatched: string[] = [];
        for (const [field, messages] of apiFieldErrors(error)) {
          if (field === 'text') setServerError(this.text, messages.join(' '));
          else unmatched.push(messages.join(' '));
        }
        if (unmatched.length > 0) this.errors.show(unmatched.join(' '));
        void this.announcer.announce(`Not sent. ${unmatched.join(' ')}`, 'assertive');
        return;
      }
      case 'refused':
        setServerError(this.text, failure.message);
        void this.announcer.announce(`Not sent: ${failure.message}`, 'assertive');
        return;
      case 'other':
        this.errors.notify(failure.error);
        return;
      case 'window-closed':
        this.closedByServer.set({ lastInboundAt: failure.lastInboundAt });
        void this.announcer.announce(
          'Not sent: the 24-hour window is closed. Send a template instead.',
          'assertive',
        );
        return;
      case 'meta':
        // Meta's own word that the window is closed (its clock may differ from ours).
        if (failure.error.code === WINDOW_CLOSED_CODE) {
          this.closedByServer.set({ lastInboundAt: null });
          void this.announcer.announce(
            `Not sent: ${failure.error.title}. Send a template instead.`,
            'assertive',
          );
          return;
        }
        this.failure.set(failure);
        void this.announcer.announce(
          `Not sent: ${failure.error.title}. ${failure.error.explanation}`,
          'assertive',
        );
        return;
      case 'unknown':
        this.failure.set(failure);
        void this.announcer.announce(
          `Not sure the message was sent: ${failure.message}`,
          'assertive',
        );
        return;
    }
  }

  /** Puts the cursor in the box (after choosing a message to reply to). */
  focus(): void {
    this.textarea()?.nativeElement.focus();
  }
}

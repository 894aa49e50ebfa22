import { LiveAnnouncer } from '@angular/cdk/a11y';
import { BreakpointObserver } from '@angular/cdk/layout';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type AbstractControl, FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  effect,
  inject,
  resource,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { ErrorStateMatcher, ShowOnDirtyErrorStateMatcher } from '@angular/material/core';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatOption, MatSelect, MatSelectTrigger } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { MatSnackBar } from '@angular/material/snack-bar';
import { isPhoneRecipient } from '@convis/contracts';
import { APP_LINKS } from '../../../app.paths';
import { Api } from '../../../core/api/api';
import { sendMessage } from '../../../core/api/fn/messages/send-message';
import { listAccounts } from '../../../core/api/fn/whatsapp-accounts/list-accounts';
import type { SendMessageDto } from '../../../core/api/models/send-message-dto';
import type { SentMessageDto } from '../../../core/api/models/sent-message-dto';
import { apiFieldErrors, describeError } from '../../../core/errors/api-error';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { setServerError } from '../../../core/errors/form-errors';
import { AccountOptionComponent } from '../../../shared/account-state/account-option.component';
import { accountName, accountState } from '../../../shared/account-state/account-state';
import { confirmBeforeDiscarding } from '../../../shared/confirm-dialog/confirm-dialog.component';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { scrollIntoViewAfterRender } from '../../../shared/dom/scroll-into-view';
import { fieldErrorMessage } from '../../../shared/forms/field-error';
import { followControl } from '../../../shared/forms/follow-control';
import { requiredValidator } from '../../../shared/forms/validators';
import { formatDateTime, formatRelativeTime } from '../../../shared/format/date-time';
import { MetaErrorPanelComponent } from '../../../shared/meta-error/meta-error-panel.component';
import { countryOfNumber } from '../../../shared/phone-field/countries';
import { PhoneFieldComponent } from '../../../shared/phone-field/phone-field.component';
import { internationalPhoneValidator } from '../../../shared/phone-field/phone-number';
import { WhatsAppBubbleComponent } from '../../../shared/whatsapp-preview/whatsapp-bubble.component';
import { WhatsAppChatComponent } from '../../../shared/whatsapp-preview/whatsapp-chat.component';
import type { WhatsAppBubble } from '../../../shared/whatsapp-preview/whatsapp-message';
import { InteractiveFormComponent } from './interactive-form/interactive-form.component';
import {
  createInteractiveForm,
  interactiveBubble,
  interactiveMessage,
} from './interactive-form/interactive-message';
import { LocationFormComponent } from './location-form/location-form.component';
import {
  createLocationForm,
  locationBubble,
  locationMessage,
} from './location-form/location-message';
import { MediaFormComponent } from './media-form/media-form.component';
import { createMediaForm, mediaBubble, mediaMessage } from './media-form/media-message';
import { MediaUploads } from '../../../shared/media-source/media-uploads.service';
import type { MessagePart } from '../../../shared/forms/message-part';
import { MESSAGE_KINDS, type MessageKind } from './message-kinds';
import {
  FULL_SCREEN_DIALOG_CLASS,
  PHONE_QUERY,
  SEND_DIALOG_WIDTH,
  type SendMessageDialogData,
} from './open-send-message-dialog';
import { type SendFailure, classifySendFailure } from './send-failure';
import { SubmissionKeys } from './submission-key';
import { TemplateFormComponent } from '../../../shared/template-composer/template-form.component';
import {
  createTemplateForm,
  templateBubble,
  templateMessage,
} from '../../../shared/template-composer/template-message';
import { TextFormComponent } from './text-form/text-form.component';
import { createTextForm, textBubble, textMessage } from './text-form/text-message';

/** A failure shown in the dialog (the others go under the fields or to a snackbar). */
type ShownFailure = Extract<SendFailure, { kind: 'window-closed' | 'meta' | 'unknown' }>;

const EMPTY_PREVIEW: Readonly<Record<MessageKind, string>> = {
  text: 'Type a message to see it here.',
  template: 'Choose a template to see it here.',
  media: 'Choose a file to see it here.',
  interactive: 'Type the body to see it here.',
  location: 'Enter the coordinates to see it here.',
};

/**
 * "New message": choose the account, the recipient (with country-code help, checked as you
 * type) and the kind of message: text, template (the account's approved templates, one field per
 * placeholder), media (upload or link), reply buttons or a list, or a location. A WhatsApp-like
 * preview follows every keystroke.
 *
 * Send (or Ctrl/Cmd+Enter) posts it with an Idempotency-Key, so a retry after no answer never
 * sends twice. A 400 shows under the fields; outside the 24-hour window a notice offers the
 * Template form; Meta's refusals show its explanation, fix, code and trace id, with Retry when
 * Meta was unreachable. Closes with the sent message (`SentMessageDto`).
 *
 * Open it with `openSendMessageDialog()`, which loads it on first use.
 */
@Component({
  selector: 'app-send-message-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatSelect,
    MatSelectTrigger,
    MatOption,
    MatButton,
    MatButtonToggleGroup,
    MatButtonToggle,
    MatIcon,
    RouterLink,
    AccountOptionComponent,
    ButtonSpinnerComponent,
    MetaErrorPanelComponent,
    PhoneFieldComponent,
    WhatsAppChatComponent,
    WhatsAppBubbleComponent,
    TextFormComponent,
    TemplateFormComponent,
    MediaFormComponent,
    InteractiveFormComponent,
    LocationFormComponent,
  ],
  templateUrl: './send-message-dialog.component.html',
  styleUrl: './send-message-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Field errors show as you type (a title over its limit), not only after leaving the field.
  providers: [MediaUploads, { provide: ErrorStateMatcher, useClass: ShowOnDirtyErrorStateMatcher }],
  host: { '(keydown)': 'onKeydown($event)', '[class.full-screen]': 'fullScreen()' },
})
export class SendMessageDialogComponent {
  private readonly api = inject(Api);
  private readonly dialogRef =
    inject<MatDialogRef<SendMessageDialogComponent, SentMessageDto>>(MatDialogRef);
  private readonly snackBar = inject(MatSnackBar);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly injector = inject(Injector);
  private readonly uploads = inject(MediaUploads);
  private readonly failureElement = viewChild('failurePanel', { read: ElementRef });
  private readonly keys = new SubmissionKeys();

  protected readonly data: SendMessageDialogData =
    inject<SendMessageDialogData | null>(MAT_DIALOG_DATA, { optional: true }) ?? {};
  /** The recipient is a business-scoped user id, not a number: shown as it is. */
  protected readonly recipientIsUserId = !!this.data.to?.trim() && !isPhoneRecipient(this.data.to);
  protected readonly kinds = MESSAGE_KINDS;
  protected readonly links = APP_LINKS;
  protected readonly errorMessage = fieldErrorMessage;

  protected readonly form = new FormGroup({
    account_id: new FormControl(this.data.accountId ?? '', {
      nonNullable: true,
      validators: [requiredValidator],
    }),
    to: new FormControl(this.data.to?.trim() ?? '', {
      nonNullable: true,
      validators: this.recipientIsUserId
        ? [requiredValidator]
        : [requiredValidator, internationalPhoneValidator],
    }),
    kind: new FormControl<MessageKind>(this.data.mode === 'template' ? 'template' : 'text', {
      nonNullable: true,
    }),
    text: createTextForm(),
    template: createTemplateForm(),
    media: createMediaForm(),
    interactive: createInteractiveForm(),
    location: createLocationForm(),
  });
  protected readonly value = followControl(() => this.form);
  protected readonly kind = computed(() => this.value().kind);

  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly accountsError = computed(() => {
    const error = this.accounts.error();
    return error ? describeError(error) : null;
  });
  protected readonly accountList = computed(() =>
    this.accounts.hasValue() ? this.accounts.value() : [],
  );
  protected readonly noActiveAccount = computed(
    () =>
      this.accounts.hasValue() &&
      !this.accountList().some((account) => account.status === 'active'),
  );
  protected readonly account = computed(
    () => this.accountList().find((a) => a.id === this.value().account_id) ?? null,
  );
  /** The chosen account's state: connected or failing (and why), and its last webhook. */
  protected readonly accountState = computed(() => {
    const account = this.account();
    return account ? accountState(account) : null;
  });
  protected readonly chosenName = computed(() => {
    const account = this.account();
    return account ? accountName(account) : '';
  });
  /** The chosen account cannot send (it failed its last verification). */
  protected readonly accountProblem = computed(() => {
    const account = this.account();
    const state = this.accountState();
    return account && state && !state.connected
      ? `${account.label} is failing. ${state.reason} Verify it before sending:`
      : null;
  });
  /** Recipients are most often in the business's own country. */
  protected readonly defaultCountry = computed(() => {
    const number = this.account()?.display_phone_number?.replace(/\D/g, '');
    return number ? (countryOfNumber(number)?.iso ?? null) : null;
  });

  protected readonly preview = computed<WhatsAppBubble>(() => {
    const value = this.value();
    const quote = this.data.replyTo?.preview_text ?? null;
    let bubble: WhatsAppBubble | null;
    switch (value.kind) {
      case 'text':
        bubble = textBubble(value.text);
        break;
      case 'template':
        bubble = templateBubble(value.template);
        break;
      case 'media':
        bubble = mediaBubble(value.media);
        break;
      case 'interactive':
        bubble = interactiveBubble(value.interactive);
        break;
      case 'location':
        bubble = locationBubble(value.location);
        break;
    }
    return { ...bubble, quote };
  });
  protected readonly emptyPreview = computed(() => EMPTY_PREVIEW[this.kind()]);

  protected readonly sending = signal(false);
  protected readonly failure = signal<ShownFailure | null>(null);
  /** On a phone the dialog is the whole screen, with Send always in view at the bottom. */
  protected readonly fullScreen = signal(false);
  protected readonly canSend = computed(() => {
    this.value();
    const { account_id, to, kind } = this.form.controls;
    return (
      !this.sending() &&
      !this.uploads.busy() &&
      !this.accountProblem() &&
      account_id.valid &&
      to.valid &&
      this.form.controls[kind.value].valid
    );
  });
  protected readonly windowClosedText = computed(() => {
    const failure = this.failure();
    if (failure?.kind !== 'window-closed') return null;
    const who = this.value().to || 'This contact';
    return failure.lastInboundAt
      ? `${who} last wrote ${formatRelativeTime(failure.lastInboundAt)} (${formatDateTime(failure.lastInboundAt)}).`
      : `${who} has not written to this number yet.`;
  });

  constructor() {
    inject(BreakpointObserver)
      .observe(PHONE_QUERY)
      .pipe(takeUntilDestroyed())
      .subscribe(({ matches }) => this.setFullScreen(matches));
    // One active account: it is the one.
    effect(() => {
      const active = this.accountList().filter((account) => account.status === 'active');
      untracked(() => {
        const control = this.form.controls.account_id;
        if (!control.value && active.length === 1) control.setValue(active[0].id);
      });
    });
    // A notice about the previous kind of message no longer applies.
    this.form.controls.kind.valueChanges.subscribe(() => this.failure.set(null));
    // Escape or a click outside must not silently throw away a message being written.
    confirmBeforeDiscarding(inject(MatDialog), this.dialogRef, {
      hasUnsavedInput: () => this.form.dirty,
      busy: () => this.sending(),
      what: 'this message',
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
    }
  }

  private setFullScreen(fullScreen: boolean): void {
    this.fullScreen.set(fullScreen);
    if (fullScreen) {
      this.dialogRef.addPanelClass(FULL_SCREEN_DIALOG_CLASS);
      this.dialogRef.updateSize('100vw', '100%');
    } else {
      this.dialogRef.removePanelClass(FULL_SCREEN_DIALOG_CLASS);
      this.dialogRef.updateSize(SEND_DIALOG_WIDTH, '');
    }
  }

  /** A link to another page was followed: the dialog gives way (nothing was sent). */
  protected leave(): void {
    this.dialogRef.close();
  }

  protected retryAccounts(): void {
    this.accounts.reload();
  }

  /** Outside the 24-hour window: switch to the Template form. */
  protected useTemplate(): void {
    this.form.controls.kind.setValue('template');
    void this.announcer.announce('Template form opened. Choose an approved template.');
  }

  protected async send(): Promise<void> {
    if (this.sending()) return;
    const { account_id, to, kind } = this.form.controls;
    if (!this.canSend()) {
      account_id.markAsTouched();
      to.markAsTouched();
      this.form.controls[kind.value].markAllAsTouched();
      return;
    }
    const part = this.messagePart(kind.value);
    const body: SendMessageDto = {
      account_id: account_id.value,
      to: to.value.trim(),
      ...part.content,
      ...(this.data.replyTo ? { reply_to: this.data.replyTo.id } : {}),
    };
    const key = this.keys.keyFor(body);
    this.failure.set(null);
    this.sending.set(true);
    try {
      const sent = await this.api.invoke(sendMessage, { 'Idempotency-Key': key, body });
      this.keys.settle();
      // 202: Meta asked to wait (a rate limit) or did not answer in time. It is not lost, and
      // not sent twice: its status follows on the page.
      this.snackBar.open(
        sent.status === 'queued'
          ? 'Message queued: Meta has not confirmed it yet. Its status will update on its own.'
          : 'Message sent',
      );
      this.dialogRef.close(sent);
    } catch (error) {
      this.showFailure(error, part);
    } finally {
      this.sending.set(false);
    }
  }

  private messagePart(kind: MessageKind): MessagePart {
    const { controls } = this.form;
    switch (kind) {
      case 'text':
        return textMessage(controls.text);
      case 'template':
        return templateMessage(controls.template);
      case 'media':
        return mediaMessage(controls.media);
      case 'interactive':
        return interactiveMessage(controls.interactive);
      case 'location':
        return locationMessage(controls.location);
    }
  }

  private showFailure(error: unknown, part: MessagePart): void {
    const failure = classifySendFailure(error);
    // Only an unanswered attempt may be the same submission again (see SubmissionKeys).
    if (failure.kind !== 'unknown') this.keys.settle();
    switch (failure.kind) {
      case 'fields': {
        const unmatched = this.showFieldErrors(error, part);
        if (unmatched) this.errors.show(unmatched);
        void this.announcer.announce(
          'The message was not sent. Check the highlighted fields.',
          'assertive',
        );
        return;
      }
      case 'refused':
        if (this.form.controls.kind.value === 'template') {
          setServerError(this.form.controls.template.controls.template, failure.message);
        } else {
          this.errors.show(failure.message);
        }
        return;
      case 'other':
        this.errors.notify(failure.error);
        return;
      case 'window-closed':
      case 'meta':
      case 'unknown':
        this.failure.set(failure);
        scrollIntoViewAfterRender(this.failureElement, this.injector);
        void this.announcer.announce(
          failure.kind === 'meta'
            ? `Not sent: ${failure.error.title}. ${failure.error.explanation}`
            : failure.kind === 'window-closed'
              ? 'Not sent: outside the 24-hour window. Send a template instead.'
              : `Not sure the message was sent: ${failure.message}`,
          'assertive',
        );
        return;
    }
  }

  /**
   * Puts each 400 message under its field (by the request field it names, or the closest
   * enclosing one: `interactive.buttons.0.title` goes to that button's title).
   *
   * @returns the messages no field took, for a snackbar.
   */
  private showFieldErrors(error: unknown, part: MessagePart): string {
    const fields = new Map<string, AbstractControl>([
      ['account_id', this.form.controls.account_id],
      ['to', this.form.controls.to],
      ...part.fields,
    ]);
    const unmatched: string[] = [];
    for (const [field, messages] of apiFieldErrors(error)) {
      let path = field;
      let control = fields.get(path);
      while (!control && path.includes('.')) {
        path = path.slice(0, path.lastIndexOf('.'));
        control = fields.get(path);
      }
      if (control) setServerError(control, messages.join(' '));
      else unmatched.push(messages.join(' '));
    }
    return unmatched.join(' ');
  }
}

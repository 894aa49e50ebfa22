import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  resource,
  signal,
  untracked,
} from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect, MatSelectTrigger } from '@angular/material/select';
import { MatTooltip } from '@angular/material/tooltip';
import { Api } from '../../core/api/api';
import { listTemplates } from '../../core/api/fn/templates/list-templates';
import { syncTemplates } from '../../core/api/fn/templates/sync-templates';
import type { TemplateResponseDto } from '../../core/api/models/template-response-dto';
import { describeError } from '../../core/errors/api-error';
import { ErrorNotifier } from '../../core/errors/error-notifier.service';
import { serverError } from '../../core/errors/form-errors';
import { ButtonSpinnerComponent } from '../button-spinner/button-spinner.component';
import { fieldErrorMessage } from '../forms/field-error';
import { followControl } from '../forms/follow-control';
import { MediaSourceComponent } from '../media-source/media-source.component';
import { type TemplateForm, placeholderFields } from './template-message';
import { templateSpec } from './template-spec';

/**
 * A template message: the account's approved templates (with Sync, to copy new ones from Meta),
 * the header file of a media header, and one field per placeholder of the header, body and URL
 * buttons. Used by the send dialog (every placeholder required) and the campaign wizard (blank
 * placeholders are filled per recipient: `optionalValues`).
 */
@Component({
  selector: 'app-template-form',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatSelect,
    MatSelectTrigger,
    MatOption,
    MatButton,
    MatIcon,
    MatProgressBar,
    MatTooltip,
    ButtonSpinnerComponent,
    MediaSourceComponent,
  ],
  templateUrl: './template-form.component.html',
  styleUrl: './template-form.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplateFormComponent {
  readonly form = input.required<TemplateForm>();
  /** The sending account, whose business account's templates are listed. */
  readonly accountId = input.required<string>();
  /**
   * Placeholders may stay blank, filled per recipient from elsewhere (a campaign's audience):
   * the form was made with `createTemplateForm({ optionalValues: true })`. Its words say so.
   */
  readonly optionalValues = input(false);

  private readonly api = inject(Api);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);

  protected readonly templates = resource({
    params: () => this.accountId() || undefined,
    loader: ({ params }) =>
      this.api.invoke(listTemplates, { account_id: params, status: 'APPROVED' }),
  });
  protected readonly loadError = computed(() => {
    const error = this.templates.error();
    return error ? describeError(error) : null;
  });
  protected readonly syncing = signal(false);
  protected readonly errorMessage = fieldErrorMessage;
  protected readonly serverError = serverError;
  protected readonly value = followControl(() => this.form());
  protected readonly spec = computed(() => {
    const template = this.value().template;
    return template ? templateSpec(template) : null;
  });
  protected readonly fields = computed(() => {
    this.value();
    return placeholderFields(this.form());
  });
  protected readonly sameTemplate = (
    a: TemplateResponseDto | null,
    b: TemplateResponseDto | null,
  ) => a?.id === b?.id;

  constructor() {
    // Another account has other templates: the chosen one goes; a synced list replaces it.
    effect(() => {
      const accountId = this.accountId();
      const list = this.templates.hasValue() ? this.templates.value() : null;
      untracked(() => {
        const control = this.form().controls.template;
        const chosen = control.value;
        if (!chosen) return;
        if (!accountId) {
          control.setValue(null);
        } else if (list && !this.templates.isLoading()) {
          const current = list.find((template) => template.id === chosen.id) ?? null;
          if (current !== chosen) control.setValue(current);
        }
      });
    });
  }

  protected retry(): void {
    this.templates.reload();
  }

  /** Copies the business account's templates from Meta again, then lists them. */
  protected async sync(): Promise<void> {
    const accountId = this.accountId();
    if (!accountId || this.syncing()) return;
    this.syncing.set(true);
    try {
      const { synced } = await this.api.invoke(syncTemplates, {
        body: { account_id: accountId },
      });
      this.templates.reload();
      void this.announcer.announce(
        `Templates synced from Meta: ${synced} template${synced === 1 ? '' : 's'}.`,
      );
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.syncing.set(false);
    }
  }
}

import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTooltip } from '@angular/material/tooltip';
import type { MediaType } from '@convis/contracts';
import { serverError, setServerError } from '../../core/errors/form-errors';
import { fieldErrorMessage } from '../forms/field-error';
import { followControl } from '../forms/follow-control';
import { MEDIA_FILE_TYPES, acceptFor, mediaFileProblem, mimeTypeOf } from './media-file-types';
import { type MediaSourceForm, clearUpload } from './media-source';
import { type MediaSlot, MediaUploads } from './media-uploads.service';

/**
 * The file of a media message or template header: upload one (checked against WhatsApp's types
 * and sizes before it is sent, with a progress bar) or paste an https link.
 */
@Component({
  selector: 'app-media-source',
  imports: [
    ReactiveFormsModule,
    MatButtonToggleGroup,
    MatButtonToggle,
    MatButton,
    MatIconButton,
    MatIcon,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatProgressBar,
    MatTooltip,
  ],
  templateUrl: './media-source.component.html',
  styleUrl: './media-source.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MediaSourceComponent {
  readonly form = input.required<MediaSourceForm>();
  readonly kind = input.required<MediaType>();
  /** The account the file is uploaded for; uploads wait until there is one. */
  readonly accountId = input.required<string>();
  readonly slot = input.required<MediaSlot>();

  private readonly uploads = inject(MediaUploads);
  protected readonly value = followControl(() => this.form());
  protected readonly rule = computed(() => MEDIA_FILE_TYPES[this.kind()]);
  protected readonly accept = computed(() => acceptFor(this.kind()));
  protected readonly progress = computed(() => this.uploads.progress(this.slot()));
  protected readonly errorMessage = fieldErrorMessage;
  /** The message under the file button: a refused file, or a missing one once touched. */
  protected readonly fileError = computed(() => {
    this.value();
    const control = this.form().controls.media_id;
    if (control.disabled) return null;
    return serverError(control) ?? (control.touched && control.invalid ? 'Choose a file.' : null);
  });

  constructor() {
    // A file uploaded for another account, or of another type, cannot be sent with this one.
    effect(() => {
      const { media_id, uploaded_for, mime_type } = this.value();
      if (!media_id) return;
      const kind = this.kind();
      if (uploaded_for !== this.accountId() || !MEDIA_FILE_TYPES[kind].mimes.includes(mime_type)) {
        clearUpload(this.form());
      }
    });
  }

  protected picked(event: Event): void {
    const picker = event.target as HTMLInputElement;
    const file = picker.files?.[0];
    picker.value = '';
    if (!file) return;
    const form = this.form();
    const kind = this.kind();
    const problem = mediaFileProblem(kind, file);
    if (problem) {
      this.uploads.cancel(this.slot());
      clearUpload(form);
      setServerError(form.controls.media_id, problem);
      return;
    }
    // Browsers give some files no type (.amr, .opus): send the one the extension stands for.
    const typed = file.type ? file : new File([file], file.name, { type: mimeTypeOf(kind, file) });
    this.uploads.start(this.slot(), this.accountId(), typed, form);
  }

  protected cancelUpload(): void {
    this.uploads.cancel(this.slot());
  }

  protected remove(): void {
    clearUpload(this.form());
  }
}

import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { charCount, MEDIA_TYPES, MESSAGE_LIMITS } from '@convis/contracts';
import { fieldErrorMessage } from '../../../../shared/forms/field-error';
import { followControl } from '../../../../shared/forms/follow-control';
import { MEDIA_FILE_TYPES } from '../../../../shared/media-source/media-file-types';
import { MediaSourceComponent } from '../../../../shared/media-source/media-source.component';
import { type MediaForm, hasCaption } from './media-message';

/** An image, video, audio, document or sticker: the file, and a caption or file name. */
@Component({
  selector: 'app-media-form',
  imports: [
    ReactiveFormsModule,
    CdkTextareaAutosize,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatSelect,
    MatOption,
    MediaSourceComponent,
  ],
  templateUrl: './media-form.component.html',
  styleUrl: './media-form.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MediaFormComponent {
  readonly form = input.required<MediaForm>();
  readonly accountId = input.required<string>();

  protected readonly kinds = MEDIA_TYPES.map((kind) => ({ kind, ...MEDIA_FILE_TYPES[kind] }));
  protected readonly limits = MESSAGE_LIMITS;
  protected readonly errorMessage = fieldErrorMessage;
  protected readonly value = followControl(() => this.form());
  protected readonly captioned = computed(() => hasCaption(this.value().kind));
  protected readonly captionCount = computed(() => charCount(this.value().caption));
}

import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { charCount, MESSAGE_LIMITS } from '@convis/contracts';
import { fieldErrorMessage } from '../../../../shared/forms/field-error';
import { followControl } from '../../../../shared/forms/follow-control';
import type { TextForm } from './text-message';

/** A text message: the text with a character counter, and whether to preview its first link. */
@Component({
  selector: 'app-text-form',
  imports: [
    ReactiveFormsModule,
    CdkTextareaAutosize,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatCheckbox,
  ],
  templateUrl: './text-form.component.html',
  styleUrl: './text-form.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TextFormComponent {
  readonly form = input.required<TextForm>();

  protected readonly max = MESSAGE_LIMITS.text;
  private readonly value = followControl(() => this.form());
  protected readonly count = computed(() => charCount(this.value().text));

  /** The error under the text; over the limit it keeps the count, which replaces the hints. */
  protected error(): string {
    const control = this.form().controls.text;
    if (control.hasError('maxlength')) {
      return `${this.count()} / ${this.max} characters: shorten it by ${this.count() - this.max}.`;
    }
    return fieldErrorMessage(control, 'Message');
  }
}

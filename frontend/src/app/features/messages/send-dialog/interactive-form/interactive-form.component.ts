import { LiveAnnouncer } from '@angular/cdk/a11y';
import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { type AbstractControl, ReactiveFormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatTooltip } from '@angular/material/tooltip';
import { charCount, MESSAGE_LIMITS } from '@convis/contracts';
import { serverError } from '../../../../core/errors/form-errors';
import { fieldErrorMessage } from '../../../../shared/forms/field-error';
import { followControl } from '../../../../shared/forms/follow-control';
import { FORMAT_ERROR } from '../../../../shared/forms/validators';
import {
  type InteractiveForm,
  type ListSectionForm,
  createListRow,
  createListSection,
  createReplyButton,
  totalRows,
} from './interactive-message';

/**
 * An interactive message: a body with an optional header and footer, and either reply buttons
 * (1 to 3, titles of 20 characters) or a list (a button label and sections of rows, 10 rows in
 * all), each with add and remove.
 */
@Component({
  selector: 'app-interactive-form',
  imports: [
    ReactiveFormsModule,
    CdkTextareaAutosize,
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
    MatTooltip,
  ],
  templateUrl: './interactive-form.component.html',
  styleUrl: './interactive-form.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InteractiveFormComponent {
  readonly form = input.required<InteractiveForm>();

  private readonly announcer = inject(LiveAnnouncer);
  protected readonly limits = MESSAGE_LIMITS;
  protected readonly count = charCount;
  protected readonly errorMessage = fieldErrorMessage;
  protected readonly value = followControl(() => this.form());
  protected readonly rows = computed(() => {
    this.value();
    return totalRows(this.form().controls.sections.controls);
  });

  /** A rule of a whole list (unique titles, row count) or a server message about it. */
  protected listError(control: AbstractControl): string | null {
    const format: unknown = control.getError(FORMAT_ERROR);
    return typeof format === 'string' ? format : serverError(control);
  }

  protected addButton(): void {
    const buttons = this.form().controls.buttons;
    if (buttons.length >= MESSAGE_LIMITS.buttons) return;
    buttons.push(createReplyButton());
    void this.announcer.announce(`Button ${buttons.length} added`);
  }

  protected removeButton(index: number): void {
    const buttons = this.form().controls.buttons;
    if (buttons.length <= 1) return;
    buttons.removeAt(index);
    void this.announcer.announce(`Button ${index + 1} removed`);
  }

  protected addSection(): void {
    if (this.rows() >= MESSAGE_LIMITS.listRows) return;
    this.form().controls.sections.push(createListSection());
    void this.announcer.announce('Section added');
  }

  protected removeSection(index: number): void {
    const sections = this.form().controls.sections;
    if (sections.length <= 1) return;
    sections.removeAt(index);
    void this.announcer.announce(`Section ${index + 1} removed`);
  }

  protected addRow(section: ListSectionForm): void {
    if (this.rows() >= MESSAGE_LIMITS.listRows) return;
    section.controls.rows.push(createListRow());
    void this.announcer.announce('Row added');
  }

  protected removeRow(section: ListSectionForm, index: number): void {
    if (section.controls.rows.length <= 1) return;
    section.controls.rows.removeAt(index);
    void this.announcer.announce(`Row ${index + 1} removed`);
  }
}

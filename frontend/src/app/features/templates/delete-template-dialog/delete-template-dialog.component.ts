import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { TEMPLATE_EDIT_LIMITS } from '@convis/contracts';

export interface DeleteTemplateData {
  readonly name: string;
  readonly language: string;
  /** Every language the name has in the list, this one included. */
  readonly languages: readonly string[];
}

export type DeleteScope = 'language' | 'all';

/**
 * Confirms a delete and asks what to delete: this language, or every language of the name.
 * Warns that Meta keeps the name for 30 days. Closes with the scope, or nothing when cancelled.
 */
@Component({
  selector: 'app-delete-template-dialog',
  imports: [
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatButton,
    MatRadioGroup,
    MatRadioButton,
  ],
  template: `
    <h2 mat-dialog-title>Delete {{ data.name }}?</h2>
    <mat-dialog-content>
      @if (data.languages.length > 1) {
        <mat-radio-group
          class="scope"
          aria-label="What to delete"
          [value]="scope()"
          (change)="scope.set($event.value)"
        >
          <mat-radio-button value="language">Only {{ data.language }}</mat-radio-button>
          <mat-radio-button value="all"
            >Every language ({{ data.languages.join(', ') }})</mat-radio-button
          >
        </mat-radio-group>
      }
      <p class="warning">
        Meta deletes it at once: messages can no longer be sent with it. The name
        {{ data.name }} cannot be used again for a template in the same language for
        {{ reuseDays }} days.
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" class="cancel" mat-dialog-close>Cancel</button>
      <button mat-flat-button type="button" class="delete" [mat-dialog-close]="scope()">
        Delete
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    :host {
      display: block;
    }
    .scope {
      display: flex;
      flex-direction: column;
      margin-bottom: 12px;
    }
    .warning {
      margin: 0;
    }
    .delete {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeleteTemplateDialogComponent {
  protected readonly data = inject<DeleteTemplateData>(MAT_DIALOG_DATA);
  protected readonly scope = signal<DeleteScope>('language');
  protected readonly reuseDays = TEMPLATE_EDIT_LIMITS.nameReuseDays;
}

import { LiveAnnouncer } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, Component, inject, resource, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import {
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { Api } from '../../../core/api/api';
import { getConsentSettings } from '../../../core/api/fn/contacts/get-consent-settings';
import { updateConsentSettings } from '../../../core/api/fn/contacts/update-consent-settings';
import { describeError } from '../../../core/errors/api-error';

/**
 * The organization's consent keywords (a message that is exactly one of them opts the contact out
 * or back in) and the optional confirmation replies. Admins change them; members see them.
 */
@Component({
  selector: 'app-consent-settings-dialog',
  imports: [
    FormsModule,
    MatButton,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    MatSlideToggle,
  ],
  template: `
    <h2 mat-dialog-title>Consent keywords</h2>
    <mat-dialog-content class="content">
      @if (settings.error(); as error) {
        <p class="error" role="alert">{{ describe(error) }}</p>
      } @else if (settings.hasValue()) {
        <p>
          A message that is exactly one of these words (any case, accents and punctuation ignored)
          opts the contact out of marketing messages, or back in.
        </p>
        <mat-form-field>
          <mat-label>Opt-out keywords</mat-label>
          <input matInput [ngModel]="optOut()" (ngModelChange)="optOut.set($event)" />
          <mat-hint>Separated by commas, in every language your customers write</mat-hint>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Opt-in keywords</mat-label>
          <input matInput [ngModel]="optIn()" (ngModelChange)="optIn.set($event)" />
        </mat-form-field>
        <mat-slide-toggle [checked]="confirm()" (change)="confirm.set($event.checked)">
          Reply to confirm the change
        </mat-slide-toggle>
        @if (confirm()) {
          <mat-form-field>
            <mat-label>Reply to an opt-out</mat-label>
            <textarea
              matInput
              rows="2"
              [ngModel]="outReply()"
              (ngModelChange)="outReply.set($event)"
            ></textarea>
          </mat-form-field>
          <mat-form-field>
            <mat-label>Reply to an opt-in</mat-label>
            <textarea
              matInput
              rows="2"
              [ngModel]="inReply()"
              (ngModelChange)="inReply.set($event)"
            ></textarea>
          </mat-form-field>
        }
        @if (saveError(); as error) {
          <p class="error" role="alert">{{ error }}</p>
        }
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Cancel</button>
      <button
        mat-flat-button
        type="button"
        [disabled]="!settings.hasValue() || saving()"
        (click)="save()"
      >
        Save
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .content {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsentSettingsDialogComponent {
  private readonly api = inject(Api);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly ref = inject(MatDialogRef<ConsentSettingsDialogComponent>);

  protected readonly optOut = signal('');
  protected readonly optIn = signal('');
  protected readonly confirm = signal(false);
  protected readonly outReply = signal('');
  protected readonly inReply = signal('');
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  protected readonly describe = describeError;

  protected readonly settings = resource({
    loader: async () => {
      const settings = await this.api.invoke(getConsentSettings);
      this.optOut.set(settings.opt_out_keywords.join(', '));
      this.optIn.set(settings.opt_in_keywords.join(', '));
      this.confirm.set(settings.confirmation_enabled);
      this.outReply.set(settings.opt_out_reply);
      this.inReply.set(settings.opt_in_reply);
      return settings;
    },
  });

  protected async save(): Promise<void> {
    this.saving.set(true);
    this.saveError.set(null);
    try {
      await this.api.invoke(updateConsentSettings, {
        body: {
          opt_out_keywords: keywords(this.optOut()),
          opt_in_keywords: keywords(this.optIn()),
          confirmation_enabled: this.confirm(),
          opt_out_reply: this.outReply().trim(),
          opt_in_reply: this.inReply().trim(),
        },
      });
      void this.announcer.announce('Consent keywords saved');
      this.ref.close(true);
    } catch (error) {
      this.saveError.set(describeError(error));
    } finally {
      this.saving.set(false);
    }
  }
}

function keywords(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
}

export function openConsentSettings(dialog: MatDialog): void {
  dialog.open(ConsentSettingsDialogComponent, { width: '560px', maxWidth: '95vw' });
}

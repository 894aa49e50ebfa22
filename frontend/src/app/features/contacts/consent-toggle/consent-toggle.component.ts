import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { Api } from '../../../core/api/api';
import { updateContactConsent } from '../../../core/api/fn/contacts/update-contact-consent';
import type { ContactDetailDto } from '../../../core/api/models/contact-detail-dto';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { type ConsentState, consentView } from '../consent-display';

/**
 * A contact's marketing consent with the action that flips it (recorded as the agent's, with the
 * time, in the contact's consent history), for places that show one contact: the Inbox thread
 * and the contact drawer.
 */
@Component({
  selector: 'app-consent-toggle',
  imports: [MatButton, MatIcon, MatTooltip],
  template: `
    <span
      class="state state-{{ state() }}"
      [matTooltip]="view().detail"
      data-testid="consent-state"
    >
      <mat-icon aria-hidden="true">{{ view().icon }}</mat-icon>
      Marketing: {{ view().label }}
    </span>
    <button
      mat-stroked-button
      type="button"
      [disabled]="saving()"
      (click)="toggle()"
      [attr.aria-label]="
        state() === 'opted_out'
          ? 'Opt this contact in to marketing messages'
          : 'Opt this contact out of marketing messages'
      "
    >
      {{ state() === 'opted_out' ? 'Opt in' : 'Opt out' }}
    </button>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 8px;
      flex-wrap: wrap;
    }
    .state {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .state mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
    .state-opted_out {
      color: var(--mat-sys-error);
    }
    .state-opted_in {
      color: var(--mat-sys-primary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsentToggleComponent {
  private readonly api = inject(Api);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);

  readonly contactId = input.required<string>();
  readonly state = input.required<ConsentState>();
  /** The contact after the change (with its history): the parent shows the new state. */
  readonly changed = output<ContactDetailDto>();

  protected readonly view = computed(() => consentView(this.state()));
  protected readonly saving = signal(false);

  protected async toggle(): Promise<void> {
    const state = this.state() === 'opted_out' ? 'opted_in' : 'opted_out';
    this.saving.set(true);
    try {
      const updated = await this.api.invoke(updateContactConsent, {
        id: this.contactId(),
        body: { state, source: 'agent' },
      });
      this.changed.emit(updated);
      void this.announcer.announce(
        state === 'opted_out'
          ? 'Opted out of marketing messages'
          : 'Opted in to marketing messages',
      );
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.saving.set(false);
    }
  }
}

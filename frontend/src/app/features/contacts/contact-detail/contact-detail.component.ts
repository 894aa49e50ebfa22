import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  resource,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { attributeNameProblem, normalizeTags, tagProblem } from '@convis/contracts';
import { APP_LINKS } from '../../../app.paths';
import { Api } from '../../../core/api/api';
import { deleteContact } from '../../../core/api/fn/contacts/delete-contact';
import { getContact } from '../../../core/api/fn/contacts/get-contact';
import { updateContact } from '../../../core/api/fn/contacts/update-contact';
import type { ContactDetailDto } from '../../../core/api/models/contact-detail-dto';
import type { ContactDto } from '../../../core/api/models/contact-dto';
import { describeError } from '../../../core/errors/api-error';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { confirmAction } from '../../../shared/confirm-dialog/confirm-dialog.component';
import { formatDateTime } from '../../../shared/format/date-time';
import { consentSourceLabel, displayName } from '../consent-display';
import { ConsentToggleComponent } from '../consent-toggle/consent-toggle.component';

/** One contact in the drawer: who they are, their consent and its history, edit and erase. */
@Component({
  selector: 'app-contact-detail',
  imports: [
    FormsModule,
    RouterLink,
    MatButton,
    MatIconButton,
    MatIcon,
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    ConsentToggleComponent,
  ],
  templateUrl: './contact-detail.component.html',
  styleUrl: './contact-detail.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactDetailComponent {
  private readonly api = inject(Api);
  private readonly dialog = inject(MatDialog);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);

  readonly contactId = input.required<string>();
  readonly changed = output<ContactDto>();
  readonly deleted = output<string>();
  readonly dismiss = output<void>();

  protected readonly links = APP_LINKS;
  protected readonly detail = resource({
    params: () => ({ id: this.contactId() }),
    loader: ({ params }) => this.api.invoke(getContact, params),
  });
  protected readonly loadError = computed(() => {
    const error = this.detail.error();
    return error ? describeError(error) : null;
  });
  protected readonly view = computed(() => {
    if (!this.detail.hasValue()) return null;
    const contact = this.detail.value();
    return {
      contact,
      title: displayName(contact),
      attributes: Object.entries(contact.attributes),
      history: [...contact.consent_history].reverse().map((event) => ({
        ...event,
        when: formatDateTime(event.occurred_at),
        source: consentSourceLabel(event.source),
      })),
      lastInbound: contact.last_inbound_at ? formatDateTime(contact.last_inbound_at) : 'Never',
      window: contact.window.open
        ? `Open until ${formatDateTime(contact.window.expires_at!)}`
        : 'Closed: only templates can be sent',
    };
  });

  protected readonly editing = signal(false);
  protected readonly saving = signal(false);
  protected readonly nameText = signal('');
  protected readonly tagsText = signal('');
  protected readonly attributesText = signal('');
  protected readonly formError = signal<string | null>(null);

  protected edit(contact: ContactDetailDto): void {
    this.nameText.set(contact.name ?? '');
    this.tagsText.set(contact.tags.join(', '));
    this.attributesText.set(
      Object.entries(contact.attributes)
        .map(([name, value]) => `${name}=${value}`)
        .join('\n'),
    );
    this.formError.set(null);
    this.editing.set(true);
  }

  protected async save(contact: ContactDetailDto): Promise<void> {
    const tags = normalizeTags(this.tagsText().split(','));
    const badTag = tags.find((tag) => tagProblem(tag));
    if (badTag) return this.formError.set(`Tag "${badTag}": ${tagProblem(badTag)}`);
    const attributes: Record<string, string> = {};
    for (const line of this.attributesText().split('\n')) {
      if (!line.trim()) continue;
      const at = line.indexOf('=');
      const name = (at === -1 ? line : line.slice(0, at)).trim();
      const problem = attributeNameProblem(name);
      if (problem || at === -1)
        return this.formError.set(`"${line.trim()}": ${problem ?? 'write it as name=value'}`);
      attributes[name] = line.slice(at + 1).trim();
    }
    this.saving.set(true);
    try {
      const updated = await this.api.invoke(updateContact, {
        id: contact.id,
        body: { name: this.nameText().trim() || null, tags, attributes },
      });
      this.detail.set({ ...contact, ...updated });
      this.changed.emit(updated);
      this.editing.set(false);
      void this.announcer.announce('Contact saved');
    } catch (error) {
      this.formError.set(describeError(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected onConsentChanged(contact: ContactDetailDto): void {
    this.detail.set(contact);
    this.changed.emit(contact);
  }

  protected async erase(contact: ContactDetailDto): Promise<void> {
    const confirmed = await confirmAction(this.dialog, {
      title: `Erase ${displayName(contact)}?`,
      message:
        'The contact, every message to and from them, their media and their consent history are deleted for good. This cannot be undone. A new message from them starts a new contact.',
      confirmLabel: 'Erase',
      destructive: true,
    });
    if (!confirmed) return;
    try {
      const erased = await this.api.invoke(deleteContact, { id: contact.id });
      void this.announcer.announce(
        `Contact erased with ${erased.messages_count} messages and ${erased.media_files_count} media files`,
      );
      this.deleted.emit(contact.id);
    } catch (error) {
      this.errors.notify(error);
    }
  }
}

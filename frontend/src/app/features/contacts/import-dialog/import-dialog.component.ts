import { LiveAnnouncer } from '@angular/cdk/a11y';
import { HttpClient, HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogActions,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { MatOption, MatSelect } from '@angular/material/select';
import { normalizeTags } from '@convis/contracts';
import { firstValueFrom } from 'rxjs';
import { Api } from '../../../core/api/api';
import { checkContactImport } from '../../../core/api/fn/contacts/check-contact-import';
import { createImportedContacts } from '../../../core/api/fn/contacts/create-imported-contacts';
import { deleteContactImport } from '../../../core/api/fn/contacts/delete-contact-import';
import { uploadContactImport } from '../../../core/api/fn/contacts/upload-contact-import';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import type { ContactImportDto } from '../../../core/api/models/contact-import-dto';
import type { ContactImportReportDto } from '../../../core/api/models/contact-import-report-dto';
import type { ContactImportResultDto } from '../../../core/api/models/contact-import-result-dto';
import type { ImportContactsDto } from '../../../core/api/models/import-contacts-dto';
import { RequestBuilder } from '../../../core/api/request-builder';
import { describeError } from '../../../core/errors/api-error';

type Step = 'upload' | 'mapping' | 'report' | 'importing' | 'done';

/** A column kept as an attribute, and the attribute's name. */
interface AttributeChoice {
  readonly column: string;
  readonly keep: boolean;
  readonly name: string;
}

/**
 * The CSV import wizard: upload (with progress) → column mapping → the per-line report (nothing
 * is written before it) → import. Closes with `true` when contacts were imported.
 */
@Component({
  selector: 'app-import-dialog',
  imports: [
    FormsModule,
    MatButton,
    MatCheckbox,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatFormField,
    MatLabel,
    MatHint,
    MatIcon,
    MatInput,
    MatOption,
    MatSelect,
    MatProgressBar,
    MatRadioGroup,
    MatRadioButton,
  ],
  templateUrl: './import-dialog.component.html',
  styleUrl: './import-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportDialogComponent {
  private readonly api = inject(Api);
  private readonly http = inject(HttpClient);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly ref = inject<MatDialogRef<ImportDialogComponent, boolean>>(MatDialogRef);
  protected readonly accounts = inject<readonly AccountResponseDto[]>(MAT_DIALOG_DATA);

  protected readonly step = signal<Step>('upload');
  protected readonly uploadPercent = signal<number | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly upload = signal<ContactImportDto | null>(null);
  protected readonly report = signal<ContactImportReportDto | null>(null);
  protected readonly result = signal<ContactImportResultDto | null>(null);

  protected readonly accountId = signal(this.accounts[0]?.id ?? '');
  protected readonly phoneColumn = signal('');
  protected readonly nameColumn = signal('');
  protected readonly tagsColumn = signal('');
  protected readonly attributes = signal<readonly AttributeChoice[]>([]);
  protected readonly mode = signal<'create_only' | 'create_or_update'>('create_only');
  protected readonly extraTags = signal('');
  protected readonly optInSource = signal('');

  /** Columns not mapped to phone, name or tags: candidates for attributes. */
  protected readonly otherColumns = computed(() => {
    const used = new Set([this.phoneColumn(), this.nameColumn(), this.tagsColumn()]);
    return this.attributes().filter((choice) => !used.has(choice.column));
  });
  protected readonly canCheck = computed(() => Boolean(this.phoneColumn() && this.accountId()));

  protected async onFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.error.set(null);
    this.busy.set(true);
    this.uploadPercent.set(0);
    try {
      const builder = new RequestBuilder(this.api.rootUrl, uploadContactImport.PATH, 'post');
      builder.body({ file }, 'multipart/form-data');
      const request = builder.build<ContactImportDto>({
        responseType: 'json',
        accept: 'application/json',
        reportProgress: true,
      });
      const uploaded = await new Promise<ContactImportDto>((resolve, reject) => {
        this.http.request<ContactImportDto>(request).subscribe({
          next: (event) => {
            if (event.type === HttpEventType.UploadProgress && event.total)
              this.uploadPercent.set(Math.round((100 * event.loaded) / event.total));
            else if (event.type === HttpEventType.Response && event.body) resolve(event.body);
          },
          error: reject,
        });
      });
      this.upload.set(uploaded);
      this.phoneColumn.set(uploaded.suggested_phone_column ?? '');
      this.nameColumn.set(uploaded.suggested_name_column ?? '');
      this.tagsColumn.set(uploaded.suggested_tags_column ?? '');
      this.attributes.set(
        uploaded.columns.map((column) => ({ column, keep: false, name: attributeName(column) })),
      );
      this.step.set('mapping');
      void this.announcer.announce(
        `${file.name} uploaded: ${uploaded.row_count} rows, ${uploaded.columns.length} columns`,
      );
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
      this.uploadPercent.set(null);
    }
  }

  protected setAttribute(column: string, changes: Partial<AttributeChoice>): void {
    this.attributes.update((list) =>
      list.map((choice) => (choice.column === column ? { ...choice, ...changes } : choice)),
    );
  }

  protected async check(): Promise<void> {
    const upload = this.upload();
    if (!upload || !this.canCheck()) return;
    this.error.set(null);
    this.busy.set(true);
    try {
      const report = await this.api.invoke(checkContactImport, {
        id: upload.id,
        body: this.body(),
      });
      this.report.set(report);
      this.step.set('report');
      void this.announcer.announce(
        `${report.valid_count} rows can be imported, ${report.problems.length} left out`,
      );
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async runImport(): Promise<void> {
    const upload = this.upload();
    if (!upload) return;
    this.error.set(null);
    this.step.set('importing');
    try {
      const result = await this.api.invoke(createImportedContacts, {
        id: upload.id,
        body: this.body(),
      });
      this.result.set(result);
      this.step.set('done');
      void this.announcer.announce(
        `Imported: ${result.created_count} created, ${result.updated_count} updated`,
      );
    } catch (error) {
      this.error.set(describeError(error));
      this.step.set('report');
    }
  }

  protected back(): void {
    this.step.set('mapping');
  }

  protected async cancel(): Promise<void> {
    const upload = this.upload();
    // The server forgets the file after an hour anyway; this frees it now.
    if (upload && this.step() !== 'done')
      await this.api.invoke(deleteContactImport, { id: upload.id }).catch(() => undefined);
    this.ref.close(this.step() === 'done');
  }

  protected finish(): void {
    this.ref.close(true);
  }

  private body(): ImportContactsDto {
    const attributes = Object.fromEntries(
      this.otherColumns()
        .filter((choice) => choice.keep && choice.name)
        .map((choice) => [choice.column, choice.name]),
    );
    const tags = normalizeTags(this.extraTags().split(','));
    return {
      account_id: this.accountId(),
      phone_column: this.phoneColumn(),
      ...(this.nameColumn() && { name_column: this.nameColumn() }),
      ...(this.tagsColumn() && { tags_column: this.tagsColumn() }),
      attribute_columns: attributes,
      mode: this.mode(),
      ...(tags.length > 0 && { tags }),
      ...(this.optInSource().trim() && { opt_in_source: this.optInSource().trim() }),
    };
  }
}

/** An attribute name from a column header: `Customer ID` -> `customer_id`. */
function attributeName(column: string): string {
  const name = column
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(name) ? name.slice(0, 40) : `field_${name}`.slice(0, 40);
}

/** Opens the import wizard; resolves `true` when contacts were imported. */
export async function openImportDialog(
  dialog: MatDialog,
  accounts: readonly AccountResponseDto[],
): Promise<boolean> {
  const ref = dialog.open<ImportDialogComponent, readonly AccountResponseDto[], boolean>(
    ImportDialogComponent,
    { data: accounts, width: '720px', maxWidth: '95vw', disableClose: true },
  );
  return (await firstValueFrom(ref.afterClosed())) === true;
}

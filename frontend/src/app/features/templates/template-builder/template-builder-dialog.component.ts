import { LiveAnnouncer } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatOption, MatSelect } from '@angular/material/select';
import {
  charCount,
  checkTemplateDraft,
  TEMPLATE_CATEGORIES,
  TEMPLATE_LIMITS,
  TEMPLATE_SAMPLE_RULES,
  templatePlaceholders,
  templateSampleProblem,
  templateSpec,
  type TemplateButtonType,
} from '@convis/contracts';
import { Api } from '../../../core/api/api';
import { createTemplate } from '../../../core/api/fn/templates/create-template';
import { updateTemplate } from '../../../core/api/fn/templates/update-template';
import { uploadTemplateMedia } from '../../../core/api/fn/templates/upload-template-media';
import type { TemplateButtonDto } from '../../../core/api/models/template-button-dto';
import type { TemplateHeaderDto } from '../../../core/api/models/template-header-dto';
import type { UpdateTemplateDto } from '../../../core/api/models/update-template-dto';
import type { TemplateResponseDto } from '../../../core/api/models/template-response-dto';
import { apiFieldErrors, describeError } from '../../../core/errors/api-error';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { formatDateTime } from '../../../shared/format/date-time';
import { WhatsAppBubbleComponent } from '../../../shared/whatsapp-preview/whatsapp-bubble.component';
import { WhatsAppChatComponent } from '../../../shared/whatsapp-preview/whatsapp-chat.component';
import { templateBubble } from '../template-display';
import {
  BUTTON_KINDS,
  type BuilderState,
  type ButtonState,
  draftOf,
  EMPTY_STATE,
  type HeaderChoice,
  newButton,
  stateFromTemplate,
} from './builder-state';

export interface TemplateBuilderData {
  readonly accountId: string;
  /** The template to edit; absent to create one. */
  readonly template?: TemplateResponseDto;
}

/** Stands in for a chosen file's handle until it is uploaded (the rules only need one). */
const PENDING_UPLOAD = 'pending-upload';

const HEADER_CHOICES: readonly { value: HeaderChoice; label: string }[] = [
  { value: 'NONE', label: 'None' },
  { value: 'TEXT', label: 'Text' },
  { value: 'IMAGE', label: 'Image' },
  { value: 'VIDEO', label: 'Video' },
  { value: 'DOCUMENT', label: 'Document' },
];

/**
 * Creates a template, or edits one (name, language and category stay: Meta fixes them). Meta's
 * rules are checked as the user types, with the same function the API runs
 * (`checkTemplateDraft` from @convis/contracts), and shown under their fields; what the server
 * still refuses shows on its field too. A WhatsApp-style preview renders the examples. Closes
 * with the saved template.
 */
@Component({
  selector: 'app-template-builder-dialog',
  imports: [
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    MatSelect,
    MatOption,
    MatButton,
    MatIconButton,
    MatIcon,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    ButtonSpinnerComponent,
    WhatsAppBubbleComponent,
    WhatsAppChatComponent,
  ],
  templateUrl: './template-builder-dialog.component.html',
  styleUrl: './template-builder-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplateBuilderDialogComponent {
  private readonly api = inject(Api);
  private readonly dialogRef =
    inject<MatDialogRef<TemplateBuilderDialogComponent, TemplateResponseDto>>(MatDialogRef);
  private readonly announcer = inject(LiveAnnouncer);
  protected readonly data = inject<TemplateBuilderData>(MAT_DIALOG_DATA);

  protected readonly editing = this.data.template !== undefined;
  protected readonly limits = TEMPLATE_LIMITS;
  protected readonly categories = TEMPLATE_CATEGORIES.filter((c) => c !== 'AUTHENTICATION');
  protected readonly headerChoices = HEADER_CHOICES;
  protected readonly buttonKinds = BUTTON_KINDS;
  protected readonly count = charCount;

  private readonly initial = this.data.template
    ? stateFromTemplate(this.data.template)
    : { state: EMPTY_STATE, handle: null };
  protected readonly state = signal<BuilderState>(this.initial.state);
  /** The media header's sample: Meta's handle (after an upload, or the template's own). */
  private readonly handle = signal<string | null>(this.initial.handle);
  protected readonly file = signal<File | null>(null);
  protected readonly hasSample = computed(() => this.handle() !== null);
  protected readonly fileProblem = signal<string | null>(null);

  protected readonly bodyVariables = computed(() => templatePlaceholders(this.state().body));
  protected readonly headerVariable = computed(
    () => templatePlaceholders(this.state().headerText)[0] ?? null,
  );
  protected readonly isMediaHeader = computed(() =>
    ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(this.state().headerFormat),
  );
  protected readonly acceptedTypes = computed(() => {
    const format = this.state().headerFormat;
    return format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT'
      ? TEMPLATE_SAMPLE_RULES[format].mimes.join(',')
      : '';
  });

  protected readonly draft = computed(() =>
    draftOf(this.state(), this.handle() ?? (this.file() ? PENDING_UPLOAD : null)),
  );
  /** Meta's rules, as the API checks them. */
  private readonly issues = computed(() => checkTemplateDraft(this.draft()));
  /** What the server refused, by field, until that field changes. */
  private readonly serverIssues = signal<ReadonlyMap<string, readonly string[]>>(new Map());
  /** Parts the user has typed in: their rules show at once; the rest after a save attempt. */
  private readonly touched = signal<ReadonlySet<string>>(new Set());
  private readonly attempted = signal(false);

  protected readonly preview = computed(() => {
    const state = this.state();
    const header = this.headerVariable();
    const buttons = Object.fromEntries(
      state.buttons.map((b, i) => [String(i), b.example] as const).filter(([, v]) => v !== ''),
    );
    return templateBubble(
      templateSpec(this.draft()).components,
      {
        header: header ? { [header]: state.headerExample } : {},
        body: Object.fromEntries(this.bodyVariables().map((v) => [v, state.examples[v] ?? ''])),
        buttons,
      },
      this.file()?.name ?? null,
    );
  });

  protected readonly saving = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly editAllowance = computed(() => {
    const edit = this.data.template?.edit;
    if (!edit) return null;
    const left =
      edit.remaining_count === null
        ? 'No limit on edits while it is rejected or paused.'
        : `${edit.remaining_count} of 10 edits left in the last 30 days.`;
    const next = edit.next_edit_at
      ? ` Next edit possible ${formatDateTime(edit.next_edit_at)}.`
      : '';
    return `${left}${next} Meta reviews the template again after an edit.`;
  });

  /** Messages to show under a field: its rules once touched (all after a save attempt), and the server's. */
  protected issuesFor(field: string): string[] {
    const part = field.split('.')[0] ?? field;
    const local =
      this.attempted() || this.touched().has(part)
        ? this.issues()
            .filter((issue) => issue.field === field)
            .map((issue) => issue.reason)
        : [];
    return [...local, ...(this.serverIssues().get(field) ?? [])];
  }

  protected patch(part: string, changes: Partial<BuilderState>): void {
    this.state.update((state) => ({ ...state, ...changes }));
    this.touch(part);
  }

  protected patchExample(name: string, value: string): void {
    this.state.update((state) => ({ ...state, examples: { ...state.examples, [name]: value } }));
    this.touch('body');
  }

  protected setHeaderFormat(format: HeaderChoice): void {
    if (format !== this.state().headerFormat) {
      this.file.set(null);
      this.fileProblem.set(null);
      this.handle.set(null);
    }
    this.patch('header', { headerFormat: format });
  }

  protected addButton(type: TemplateButtonType): void {
    this.patch('buttons', { buttons: [...this.state().buttons, newButton(type)] });
  }

  protected patchButton(index: number, changes: Partial<ButtonState>): void {
    this.patch('buttons', {
      buttons: this.state().buttons.map((b, i) => (i === index ? { ...b, ...changes } : b)),
    });
  }

  protected removeButton(index: number): void {
    this.patch('buttons', { buttons: this.state().buttons.filter((_, i) => i !== index) });
  }

  protected buttonLabel(type: TemplateButtonType): string {
    return BUTTON_KINDS.find((k) => k.type === type)?.label ?? type;
  }

  protected hasDynamicUrl(button: ButtonState): boolean {
    return templatePlaceholders(button.url).length > 0;
  }

  protected chooseFile(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.handle.set(null);
    this.file.set(file);
    this.fileProblem.set(file ? (templateSampleProblem(file.type, file.size) ?? null) : null);
    this.touch('header');
  }

  /** `{{name}}`, as written in the texts. */
  protected placeholder(name: string): string {
    return `{{${name}}}`;
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value;
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    this.attempted.set(true);
    if (this.issues().length > 0 || this.fileProblem()) {
      void this.announcer.announce(
        'The template breaks some of Meta’s rules: see the messages under the fields.',
        'assertive',
      );
      return;
    }
    this.saving.set(true);
    this.failure.set(null);
    this.dialogRef.disableClose = true;
    try {
      const file = this.file();
      if (this.isMediaHeader() && file && !this.handle()) {
        const uploaded = await this.api.invoke(uploadTemplateMedia, {
          body: { account_id: this.data.accountId, file },
        });
        this.handle.set(uploaded.handle);
      }
      const draft = this.draft();
      // The draft's kinds are the DTO's enums (both from @convis/contracts' lists).
      const content: UpdateTemplateDto = {
        ...(draft.header
          ? {
              header: {
                ...draft.header,
                format: draft.header.format as TemplateHeaderDto['format'],
              },
            }
          : {}),
        body: { text: draft.body.text, examples: { ...draft.body.examples } },
        ...(draft.footer ? { footer: { text: draft.footer.text } } : {}),
        buttons: (draft.buttons ?? []).map((b) => ({
          ...b,
          type: b.type as TemplateButtonDto['type'],
        })),
      };
      const saved = this.data.template
        ? await this.api.invoke(updateTemplate, { id: this.data.template.id, body: content })
        : await this.api.invoke(createTemplate, {
            body: {
              ...content,
              account_id: this.data.accountId,
              name: draft.name,
              language: draft.language,
              category: draft.category as 'MARKETING' | 'UTILITY' | 'AUTHENTICATION',
            },
          });
      this.dialogRef.close(saved);
    } catch (error) {
      const fields = apiFieldErrors(error);
      if (fields.size > 0) {
        // A refused upload is about the header's sample.
        const file = fields.get('file');
        const byField = new Map(fields);
        if (file) byField.set('header.handle', [...(byField.get('header.handle') ?? []), ...file]);
        this.serverIssues.set(byField);
        void this.announcer.announce(
          'The server refused some fields: see the messages under them.',
        );
      } else {
        this.failure.set(describeError(error));
        void this.announcer.announce(describeError(error), 'assertive');
      }
    } finally {
      this.saving.set(false);
      this.dialogRef.disableClose = false;
    }
  }

  private touch(part: string): void {
    if (!this.touched().has(part)) this.touched.update((set) => new Set([...set, part]));
    const server = this.serverIssues();
    if ([...server.keys()].some((field) => field.split('.')[0] === part)) {
      this.serverIssues.set(new Map([...server].filter(([field]) => field.split('.')[0] !== part)));
    }
  }
}

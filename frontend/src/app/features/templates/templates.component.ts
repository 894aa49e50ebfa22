import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor, MatButton, MatIconButton } from '@angular/material/button';
import { MatCard } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatMenu, MatMenuContent, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { firstValueFrom } from 'rxjs';
import { TEMPLATE_CATEGORIES, type TemplateComponentSpec } from '@convis/contracts';
import { APP_LINKS } from '../../app.paths';
import { Api } from '../../core/api/api';
import { deleteTemplate } from '../../core/api/fn/templates/delete-template';
import { listTemplates } from '../../core/api/fn/templates/list-templates';
import { syncTemplates } from '../../core/api/fn/templates/sync-templates';
import { listAccounts } from '../../core/api/fn/whatsapp-accounts/list-accounts';
import type { TemplateResponseDto } from '../../core/api/models/template-response-dto';
import { describeError } from '../../core/errors/api-error';
import { ErrorNotifier } from '../../core/errors/error-notifier.service';
import { CoalescedTask } from '../../core/realtime/coalesced-task';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';
import { NoMatchesComponent } from '../../shared/empty-state/no-matches.component';
import { ConnectAccountFirstComponent } from '../../shared/empty-state/connect-account-first.component';
import { formatDateTime, formatRelativeTime } from '../../shared/format/date-time';
import { LoadErrorComponent } from '../../shared/page/load-error.component';
import { LoadingBarComponent } from '../../shared/page/loading-bar.component';
import { PageHeaderComponent } from '../../shared/page/page-header.component';
import { WhatsAppBubbleComponent } from '../../shared/whatsapp-preview/whatsapp-bubble.component';
import { WhatsAppChatComponent } from '../../shared/whatsapp-preview/whatsapp-chat.component';
import type { WhatsAppBubble } from '../../shared/whatsapp-preview/whatsapp-message';
import {
  type DeleteScope,
  type DeleteTemplateData,
  DeleteTemplateDialogComponent,
} from './delete-template-dialog/delete-template-dialog.component';
import {
  type TemplateBuilderData,
  TemplateBuilderDialogComponent,
} from './template-builder/template-builder-dialog.component';
import {
  type TemplateStatusView,
  qualityLabel,
  templateBubble,
  templateStatusView,
  templateText,
} from './template-display';

/** After a burst of `template.changed` events, the list is read again once, this much later. */
export const LIVE_REFRESH_DELAY_MS = 300;
const CLOCK_TICK_MS = 60_000;

const STATUS_FILTERS = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'] as const;

/** One template as the list shows it. */
export interface TemplateRow {
  readonly template: TemplateResponseDto;
  readonly status: TemplateStatusView;
  readonly quality: string;
  readonly updated: string;
  readonly updatedExact: string;
  readonly preview: WhatsAppBubble;
  /** The text the customer reads, examples filled in. */
  readonly text: string;
}

/**
 * `/templates`: the message templates of an account's WhatsApp Business Account, with their
 * review status (live, from Meta's webhooks), quality and a preview with the examples; a builder
 * to create and edit them with Meta's rules checked as you type; deletes; sync from Meta.
 */
@Component({
  selector: 'app-templates',
  imports: [
    MatAnchor,
    ConnectAccountFirstComponent,
    EmptyStateComponent,
    NoMatchesComponent,
    LoadErrorComponent,
    LoadingBarComponent,
    PageHeaderComponent,
    WhatsAppBubbleComponent,
    WhatsAppChatComponent,
    MatButton,
    MatIconButton,
    MatCard,
    MatFormField,
    MatLabel,
    MatInput,
    MatSelect,
    MatOption,
    MatIcon,
    MatMenu,
    MatMenuContent,
    MatMenuItem,
    MatMenuTrigger,
    MatTooltip,
  ],
  templateUrl: './templates.component.html',
  styleUrl: './templates.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplatesComponent {
  private readonly api = inject(Api);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly realtime = inject(RealtimeService);

  protected readonly statusFilters = STATUS_FILTERS.map((status) => ({
    value: status,
    label: templateStatusView(status).label,
  }));
  protected readonly categories = TEMPLATE_CATEGORIES;

  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly links = APP_LINKS;
  protected readonly accountList = computed(() =>
    this.accounts.hasValue() ? this.accounts.value() : [],
  );
  /** The account whose business account's templates are shown: the first one to begin with. */
  protected readonly accountId = linkedSignal<readonly { id: string }[], string | null>({
    source: this.accountList,
    computation: (accounts, previous) =>
      accounts.find((a) => a.id === previous?.value)?.id ?? accounts[0]?.id ?? null,
  });

  protected readonly status = signal<string>('');
  protected readonly category = signal<string>('');
  protected readonly language = signal<string>('');
  protected readonly search = signal<string>('');
  protected readonly filtered = computed(
    () => !!(this.status() || this.category() || this.language() || this.search()),
  );

  protected readonly templates = resource({
    params: () => {
      const accountId = this.accountId();
      return accountId
        ? {
            account_id: accountId,
            ...(this.status() ? { status: this.status() as 'APPROVED' } : {}),
            ...(this.category() ? { category: this.category() as 'UTILITY' } : {}),
            ...(this.language().trim() ? { language: this.language().trim() } : {}),
            ...(this.search().trim() ? { q: this.search().trim() } : {}),
          }
        : undefined;
    },
    loader: ({ params }) => this.api.invoke(listTemplates, params),
  });
  /** The list on screen: the previous one stays while the next one loads. */
  private readonly shown = linkedSignal<
    TemplateResponseDto[] | undefined,
    readonly TemplateResponseDto[]
  >({
    source: () => (this.templates.hasValue() ? this.templates.value() : undefined),
    computation: (list, previous) => list ?? previous?.value ?? [],
  });
  protected readonly loadError = computed(() => {
    const error = this.templates.error() ?? this.accounts.error();
    return error ? describeError(error) : null;
  });

  private readonly now = signal(Date.now());
  protected readonly rows = computed<readonly TemplateRow[]>(() => {
    const now = this.now();
    return this.shown().map((template) => {
      const components = template.components as unknown as readonly TemplateComponentSpec[];
      return {
        template,
        status: templateStatusView(template.status),
        quality: qualityLabel(template.quality_rating),
        updated: formatRelativeTime(template.updated_at, now),
        updatedExact: formatDateTime(template.updated_at),
        preview: templateBubble(components),
        text: templateText(components),
      };
    });
  });
  protected readonly isEmpty = computed(
    () => this.templates.hasValue() && this.templates.value().length === 0,
  );
  /** Ids of the templates whose preview is open. */
  protected readonly open = signal<ReadonlySet<string>>(new Set());
  protected readonly syncing = signal(false);

  private readonly liveRefresh = new CoalescedTask(() => {
    this.templates.reload();
    return Promise.resolve();
  }, LIVE_REFRESH_DELAY_MS);

  constructor() {
    const clock = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(clock);
      this.liveRefresh.cancel();
    });
    this.realtime
      .on('template.changed')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => {
        this.liveRefresh.request();
        const status =
          data.status === 'DELETED' ? 'deleted' : templateStatusView(data.status).label;
        void this.announcer.announce(`Template ${data.name} (${data.language}): ${status}.`);
      });
    this.realtime.resync$.pipe(takeUntilDestroyed()).subscribe(() => this.templates.reload());
  }

  protected retry(): void {
    if (this.accounts.error()) this.accounts.reload();
    this.templates.reload();
  }

  protected clearFilters(): void {
    this.status.set('');
    this.category.set('');
    this.language.set('');
    this.search.set('');
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected togglePreview(id: string): void {
    this.open.update((set) => {
      const next = new Set(set);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  protected editTooltip(template: TemplateResponseDto): string {
    const edit = template.edit;
    if (!edit.allowed) return edit.reason ?? 'Meta does not allow an edit now.';
    return edit.remaining_count === null
      ? 'Edit and submit again'
      : `${edit.remaining_count} edits left in 30 days`;
  }

  protected async sync(): Promise<void> {
    const accountId = this.accountId();
    if (!accountId || this.syncing()) return;
    this.syncing.set(true);
    try {
      const result = await this.api.invoke(syncTemplates, { body: { account_id: accountId } });
      this.templates.reload();
      this.snackBar.open(`Synced ${result.synced} templates from Meta.`, 'OK', { duration: 4000 });
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.syncing.set(false);
    }
  }

  protected async openBuilder(template?: TemplateResponseDto): Promise<void> {
    const accountId = this.accountId();
    if (!accountId) return;
    const ref = this.dialog.open<
      TemplateBuilderDialogComponent,
      TemplateBuilderData,
      TemplateResponseDto
    >(TemplateBuilderDialogComponent, {
      data: { accountId, ...(template ? { template } : {}) },
      width: '1040px',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    });
    const saved = await firstValueFrom(ref.afterClosed());
    if (!saved) return;
    this.templates.reload();
    this.snackBar.open(
      `${saved.name} (${saved.language}) was submitted: Meta reviews it, usually within minutes.`,
      'OK',
      { duration: 6000 },
    );
  }

  protected async remove(template: TemplateResponseDto): Promise<void> {
    const languages = this.shown()
      .filter((t) => t.name === template.name)
      .map((t) => t.language);
    const ref = this.dialog.open<DeleteTemplateDialogComponent, DeleteTemplateData, DeleteScope>(
      DeleteTemplateDialogComponent,
      {
        data: { name: template.name, language: template.language, languages },
        width: '460px',
        maxWidth: '95vw',
        role: 'alertdialog',
        autoFocus: '.cancel',
      },
    );
    const scope = await firstValueFrom(ref.afterClosed());
    if (!scope) return;
    try {
      const result = await this.api.invoke(deleteTemplate, { id: template.id, scope });
      this.templates.reload();
      this.snackBar.open(
        `Deleted ${result.name} (${result.languages.join(', ')}). The name is free again on ${formatDateTime(result.name_reusable_at)}.`,
        'OK',
        { duration: 8000 },
      );
    } catch (error) {
      this.errors.notify(error);
    }
  }
}

import { LiveAnnouncer } from '@angular/cdk/a11y';
import { HttpClient, HttpEventType } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  resource,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, FormGroup, FormsModule, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { MatOption, MatSelect, MatSelectTrigger } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { CAMPAIGN_LIMITS, guessAddressColumn, guessVariableColumn } from '@convis/contracts';
import { APP_LINKS, CAMPAIGN_LINKS } from '../../../app.paths';
import { Api } from '../../../core/api/api';
import { addCampaignAudience } from '../../../core/api/fn/campaigns/add-campaign-audience';
import { createCampaign } from '../../../core/api/fn/campaigns/create-campaign';
import { deleteCampaign } from '../../../core/api/fn/campaigns/delete-campaign';
import { getCampaign } from '../../../core/api/fn/campaigns/get-campaign';
import { getCampaignEstimate } from '../../../core/api/fn/campaigns/get-campaign-estimate';
import { launchCampaign } from '../../../core/api/fn/campaigns/launch-campaign';
import { listCampaigns } from '../../../core/api/fn/campaigns/list-campaigns';
import { sendCampaignTest } from '../../../core/api/fn/campaigns/send-campaign-test';
import { updateCampaign } from '../../../core/api/fn/campaigns/update-campaign';
import { uploadCampaignAudience } from '../../../core/api/fn/campaigns/upload-campaign-audience';
import { listTemplates } from '../../../core/api/fn/templates/list-templates';
import { listAccounts } from '../../../core/api/fn/whatsapp-accounts/list-accounts';
import type { AddAudienceDto } from '../../../core/api/models/add-audience-dto';
import type { AudienceReportDto } from '../../../core/api/models/audience-report-dto';
import type { CampaignDto } from '../../../core/api/models/campaign-dto';
import type { CreateCampaignDto } from '../../../core/api/models/create-campaign-dto';
import type { LaunchCampaignDto } from '../../../core/api/models/launch-campaign-dto';
import type { MessageErrorDto } from '../../../core/api/models/message-error-dto';
import type { RetargetDto } from '../../../core/api/models/retarget-dto';
import type { TemplateVariableDto } from '../../../core/api/models/template-variable-dto';
import type { UpdateCampaignDto } from '../../../core/api/models/update-campaign-dto';
import { RequestBuilder } from '../../../core/api/request-builder';
import { apiErrorBody, apiFieldErrors, describeError } from '../../../core/errors/api-error';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { setServerError } from '../../../core/errors/form-errors';
import { AccountOptionComponent } from '../../../shared/account-state/account-option.component';
import { accountName, accountState } from '../../../shared/account-state/account-state';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { confirmAction } from '../../../shared/confirm-dialog/confirm-dialog.component';
import { fieldErrorMessage } from '../../../shared/forms/field-error';
import { followControl } from '../../../shared/forms/follow-control';
import { requiredTextValidator } from '../../../shared/forms/message-validators';
import { formatCount } from '../../../shared/format/number';
import { mediaReference } from '../../../shared/media-source/media-source';
import { MetaErrorPanelComponent } from '../../../shared/meta-error/meta-error-panel.component';
import { metaErrorOf } from '../../../shared/meta-error/meta-error-of';
import { LoadingBarComponent } from '../../../shared/page/loading-bar.component';
import { PageHeaderComponent } from '../../../shared/page/page-header.component';
import { PhoneFieldComponent } from '../../../shared/phone-field/phone-field.component';
import { readCsvHeader } from './csv-header';
import { internationalPhoneValidator } from '../../../shared/phone-field/phone-number';
import { TemplateFormComponent } from '../../../shared/template-composer/template-form.component';
import {
  createTemplateForm,
  templateBubble,
} from '../../../shared/template-composer/template-message';
import { templateSpec } from '../../../shared/template-composer/template-spec';
import { WhatsAppBubbleComponent } from '../../../shared/whatsapp-preview/whatsapp-bubble.component';
import { WhatsAppChatComponent } from '../../../shared/whatsapp-preview/whatsapp-chat.component';
import { AudienceReportComponent } from '../audience-report/audience-report.component';
import {
  CAMPAIGN_STATE_VIEWS,
  RETARGET_OUTCOMES,
  addReports,
  estimateView,
  pacingText,
  skippedByReason,
} from '../campaign-display';

/** The wizard's steps, in order. */
export const WIZARD_STEPS = ['Template', 'Audience', 'Schedule', 'Review and launch'] as const;

type AudienceSource = 'csv' | 'tag' | 'campaign';

/** The browser's time zone: what a scheduled send time is read in unless changed. */
function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * `/campaigns/new`: a campaign in four steps. 1. Name, account, template (the shared template
 * composer: values typed there go to everyone, blank placeholders come from the audience) and an
 * optional rate cap: Next creates the draft. 2. Audience: a CSV upload (with a progress bar and
 * the server's report: columns read, rows skipped by reason, the first problem lines), a tag of
 * contacts, or the recipients of an earlier campaign by outcome; additions add up. 3. Send now or
 * at a time in a time zone. 4. The summary (audience by outcome, how long pacing takes, the
 * estimated cost by calling code where the server's rate card prices it), a test send to one
 * number, and Launch.
 *
 * `?campaign=<id>` continues a draft from step 2; `?campaign=<id>&edit=true` opens it at step 1
 * with its settings filled in. Once a draft exists, step 1 edits it (PATCH): a new account,
 * template or shared values make the server check its audience again, and that report shows on
 * step 2.
 */
@Component({
  selector: 'app-campaign-wizard',
  imports: [
    FormsModule,
    ReactiveFormsModule,
    RouterLink,
    MatButton,
    MatButtonToggleGroup,
    MatButtonToggle,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatIcon,
    MatInput,
    MatOption,
    MatSelect,
    MatSelectTrigger,
    AccountOptionComponent,
    MatProgressBar,
    MatRadioGroup,
    MatRadioButton,
    ButtonSpinnerComponent,
    LoadingBarComponent,
    MetaErrorPanelComponent,
    PageHeaderComponent,
    PhoneFieldComponent,
    TemplateFormComponent,
    WhatsAppBubbleComponent,
    WhatsAppChatComponent,
    AudienceReportComponent,
  ],
  templateUrl: './campaign-wizard.component.html',
  styleUrl: './campaign-wizard.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignWizardComponent {
  /** A draft to continue (query parameter `campaign`). */
  readonly campaign = input<string>();
  /** Open the draft at its settings (query parameter `edit`), rather than at its audience. */
  readonly edit = input<string>();

  private readonly api = inject(Api);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);

  protected readonly links = CAMPAIGN_LINKS;
  protected readonly appLinks = APP_LINKS;
  protected readonly steps = WIZARD_STEPS;
  protected readonly step = signal(0);
  protected readonly errorMessage = fieldErrorMessage;
  protected readonly count = formatCount;
  protected readonly outcomes = RETARGET_OUTCOMES;
  protected readonly limits = CAMPAIGN_LIMITS;

  // Step 1: the template.
  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [requiredTextValidator],
    }),
    account_id: new FormControl('', { nonNullable: true, validators: [requiredTextValidator] }),
    rate_per_second: new FormControl<number | null>(null),
    template: createTemplateForm({ optionalValues: true }),
  });
  protected readonly value = followControl(() => this.form);
  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly accountList = computed(() =>
    this.accounts.hasValue() ? this.accounts.value() : [],
  );
  protected readonly accountsError = computed(() => {
    const error = this.accounts.error();
    return error ? describeError(error) : null;
  });
  private readonly chosenAccount = computed(
    () => this.accountList().find((a) => a.id === this.value().account_id) ?? null,
  );
  protected readonly chosenAccountName = computed(() => {
    const account = this.chosenAccount();
    return account ? accountName(account) : '';
  });
  protected readonly chosenAccountState = computed(() => {
    const account = this.chosenAccount();
    return account ? accountState(account) : null;
  });
  /** The chosen account failed its last verification: no campaign can start from it. */
  protected readonly accountProblem = computed(() => {
    const account = this.chosenAccount();
    const state = this.chosenAccountState();
    return account && state && !state.connected
      ? `${account.label} is failing. ${state.reason} Verify it before sending a campaign from it.`
      : null;
  });
  protected readonly preview = computed(() => templateBubble(this.value().template));
  protected readonly creating = signal(false);

  /** The draft, once step 1 created it (or `?campaign=` named it). */
  protected readonly draft = signal<CampaignDto | null>(null);
  protected readonly loadingDraft = signal(false);
  protected readonly draftError = signal<string | null>(null);
  /** The draft's template is no longer among the account's approved ones: choose another. */
  protected readonly templateGone = signal<string | null>(null);
  protected readonly heading = computed(() => {
    const draft = this.draft();
    return draft ? `Edit draft: ${draft.name}` : 'New campaign';
  });

  // Step 2: the audience.
  protected readonly source = signal<AudienceSource>('csv');
  protected readonly toColumn = signal('');
  /** A CSV chosen and its header read: the mapping step, before anything is uploaded. */
  protected readonly chosenFile = signal<{ file: File; columns: readonly string[] } | null>(null);
  /** The column each per-recipient variable takes its value from ('' for none). */
  protected readonly columnFor = signal<Readonly<Record<string, string>>>({});
  protected readonly readingFile = signal(false);
  protected readonly tag = signal('');
  protected readonly retarget = signal<{
    campaignId: string;
    outcome: RetargetDto['outcome'] | '';
  }>({ campaignId: '', outcome: '' });
  protected readonly uploadPercent = signal<number | null>(null);
  protected readonly adding = signal(false);
  protected readonly audienceError = signal<string | null>(null);
  protected readonly audienceFieldErrors = signal<ReadonlyMap<string, readonly string[]>>(
    new Map(),
  );
  /** The reports of this session's additions, newest last. */
  protected readonly reports = signal<readonly AudienceReportDto[]>([]);
  protected readonly lastReport = computed(() => this.reports().at(-1) ?? null);
  protected readonly earlierCampaigns = resource({
    params: () => (this.step() === 1 && this.source() === 'campaign' ? true : undefined),
    loader: () =>
      this.api.invoke(listCampaigns, {
        limit: 100,
        state: 'running,paused,completed,cancelled',
      }),
  });
  /** Variables no shared value fills: each recipient needs its own (CSV column or attribute). */
  protected readonly perRecipientVariables = computed(() => {
    const draft = this.draft();
    if (!draft) return [];
    return draft.variables.filter((v) => !draft.default_variables[v.key]?.trim());
  });

  protected readonly perRecipientText = computed(() => {
    const names = this.perRecipientVariables().map((v) => `“${v.key}” (or “${v.name}”)`);
    return names.length === 0
      ? null
      : `Each recipient needs its own value for ${names.join(', ')}: a CSV column of that name, or a contact attribute of that name.`;
  });

  // Step 3: the schedule.
  protected readonly when = signal<'now' | 'later'>('now');
  protected readonly sendAt = signal('');
  protected readonly timeZone = signal(localTimeZone());
  protected readonly scheduleError = signal<string | null>(null);

  // Step 4: the summary, the test send and the launch.
  protected readonly summary = computed(() => {
    const draft = this.draft();
    if (!draft) return null;
    const session = addReports(this.reports());
    const account = this.accountList().find((a) => a.id === draft.account_id);
    return {
      draft,
      account: account?.label ?? 'Disconnected account',
      state: CAMPAIGN_STATE_VIEWS[draft.state],
      toSend: draft.counts.pending,
      skipped: draft.counts.skipped,
      skippedByReason: skippedByReason(session.skipped),
      sessionRows: session.rows,
      pacing: pacingText(draft.counts.pending, draft.effective_rate_per_second),
      sharedValues: Object.entries(draft.default_variables),
    };
  });
  /**
   * The cost estimate by calling code: loaded when the summary is shown, and again when the
   * audience changed (its pending count is in the params).
   */
  protected readonly estimate = resource({
    params: () => {
      const draft = this.draft();
      return this.step() === 3 && draft
        ? { id: draft.id, pending: draft.counts.pending }
        : undefined;
    },
    loader: ({ params }) => this.api.invoke(getCampaignEstimate, { id: params.id }),
  });
  protected readonly estimateView = computed(() =>
    this.estimate.hasValue() ? estimateView(this.estimate.value()) : null,
  );
  protected readonly estimateError = computed(() => {
    const error = this.estimate.error();
    return error ? describeError(error) : null;
  });
  protected readonly testForm = new FormGroup({
    to: new FormControl('', {
      nonNullable: true,
      validators: [requiredTextValidator, internationalPhoneValidator],
    }),
    variables: new FormGroup<Record<string, FormControl<string>>>({}),
  });
  protected readonly testing = signal(false);
  protected readonly testResult = signal<
    | { kind: 'sent'; to: string }
    | { kind: 'meta'; message: string; error: MessageErrorDto }
    | { kind: 'error'; message: string }
    | null
  >(null);
  protected readonly launching = signal(false);
  protected readonly launchError = signal<string | null>(null);

  constructor() {
    // Continue a draft named in the address.
    effect(() => {
      const id = this.campaign();
      if (id) untracked(() => void this.loadDraft(id));
    });
    // The test send's own values: one field per variable without a shared value.
    effect(() => {
      const variables = this.perRecipientVariables();
      untracked(() => {
        const group = new FormGroup<Record<string, FormControl<string>>>({});
        for (const variable of variables) {
          const kept = this.testForm.controls.variables.controls[variable.key]?.value ?? '';
          group.addControl(
            variable.key,
            new FormControl(kept, { nonNullable: true, validators: [requiredTextValidator] }),
          );
        }
        this.testForm.setControl('variables', group);
      });
    });
  }

  private async loadDraft(id: string): Promise<void> {
    this.loadingDraft.set(true);
    this.draftError.set(null);
    try {
      const campaign = await this.api.invoke(getCampaign, { id });
      if (campaign.state !== 'draft') {
        // Launched already: its page is the place to follow it.
        await this.router.navigate(CAMPAIGN_LINKS.detail(id), { replaceUrl: true });
        return;
      }
      this.draft.set(campaign);
      await this.fillForm(campaign);
      this.step.set(this.edit() ? 0 : 1);
    } catch (error) {
      this.draftError.set(describeError(error));
    } finally {
      this.loadingDraft.set(false);
    }
  }

  /**
   * Step 1's form as the draft has it: name, account, rate cap, its template (from the
   * account's approved ones), the shared values and the header file. Left untouched, Next
   * saves nothing.
   */
  private async fillForm(campaign: CampaignDto): Promise<void> {
    const { controls } = this.form;
    controls.name.setValue(campaign.name);
    controls.account_id.setValue(campaign.account_id ?? '');
    controls.rate_per_second.setValue(campaign.rate_per_second);
    this.templateGone.set(null);
    const template = controls.template.controls;
    if (campaign.account_id) {
      const approved = await this.api.invoke(listTemplates, {
        account_id: campaign.account_id,
        status: 'APPROVED',
      });
      const chosen =
        approved.find(
          (t) => t.name === campaign.template_name && t.language === campaign.template_language,
        ) ?? null;
      template.template.setValue(chosen);
      if (!chosen)
        this.templateGone.set(
          `${campaign.template_name} (${campaign.template_language}) is no longer an approved template of this account: choose another.`,
        );
    }
    // The template's placeholders are the params' controls now: fill the shared values.
    for (const [key, value] of Object.entries(campaign.default_variables))
      template.params.controls[key]?.setValue(value);
    const media = campaign.header_media;
    if (media?.link) template.header_media.patchValue({ source: 'link', link: media.link });
    else if (media?.id)
      template.header_media.patchValue({
        source: 'upload',
        media_id: media.id,
        file_name: media.id,
      });
    this.form.markAsPristine();
  }

  protected goTo(index: number): void {
    if (index < this.step() || this.canEnter(index)) this.step.set(index);
  }

  /** Steps after the first need the draft; the summary needs recipients to send to. */
  protected canEnter(index: number): boolean {
    if (index === 0) return true;
    const draft = this.draft();
    if (!draft) return false;
    return index === 1 || draft.counts.pending > 0;
  }

  protected back(): void {
    this.step.update((step) => Math.max(0, step - 1));
  }

  // Step 1

  /** Creates the draft from step 1, or saves the changes to it, then goes on to the audience. */
  protected async createDraft(): Promise<void> {
    const existing = this.draft();
    if (existing && this.form.pristine) {
      this.step.set(1);
      return;
    }
    this.form.markAllAsTouched();
    if (this.form.invalid || this.creating() || this.accountProblem()) return;
    const { name, account_id, rate_per_second, template } = this.form.getRawValue();
    const chosen = template.template;
    if (!chosen) return;
    const spec = templateSpec(chosen);
    const variables = Object.fromEntries(
      Object.entries(template.params)
        .map(([key, value]) => [key, value.trim()] as const)
        .filter(([, value]) => value !== ''),
    );
    const body: CreateCampaignDto = {
      name: name.trim(),
      account_id,
      template_name: chosen.name,
      template_language: chosen.language,
      ...(Object.keys(variables).length > 0 && { variables }),
      ...(spec.header?.kind === 'media' && { header_media: mediaReference(template.header_media) }),
      ...(rate_per_second !== null && { rate_per_second }),
    };
    this.creating.set(true);
    if (existing) {
      await this.saveDraft(existing, {
        ...body,
        // Every value is sent: one left blank now is no longer shared.
        variables,
        rate_per_second: rate_per_second ?? null,
      });
      return;
    }
    try {
      const created = await this.api.invoke(createCampaign, { body });
      this.draft.set(created);
      this.form.markAsPristine();
      this.step.set(1);
      void this.announcer.announce(`Draft "${created.name}" created. Now add its audience.`);
    } catch (error) {
      if (!this.showCreateErrors(error)) this.errors.notify(error);
    } finally {
      this.creating.set(false);
    }
  }

  /** Step 1's changes to an existing draft; the audience report when the server checked it again. */
  private async saveDraft(draft: CampaignDto, body: UpdateCampaignDto): Promise<void> {
    try {
      const { audience, ...updated } = await this.api.invoke(updateCampaign, {
        id: draft.id,
        body,
      });
      this.draft.set(updated);
      this.form.markAsPristine();
      this.templateGone.set(null);
      // A new check of the whole audience replaces this session's reports: it covers them all.
      if (audience) this.reports.set([{ ...audience, campaign: updated }]);
      this.step.set(1);
      void this.announcer.announce(
        audience
          ? `Draft "${updated.name}" saved. Its audience was checked again: ${updated.counts.pending} recipients to send to.`
          : `Draft "${updated.name}" saved.`,
      );
    } catch (error) {
      if (!this.showCreateErrors(error)) this.errors.notify(error);
    } finally {
      this.creating.set(false);
    }
  }

  /** A 400's field messages under their fields; `false` when there were none to show. */
  private showCreateErrors(error: unknown): boolean {
    const controls = this.form.controls;
    const template = controls.template.controls;
    let shown = false;
    for (const [field, messages] of apiFieldErrors(error)) {
      const message = messages.join(' ');
      const [head] = field.split('.');
      const control =
        head === 'name'
          ? controls.name
          : head === 'account_id'
            ? controls.account_id
            : head === 'rate_per_second'
              ? controls.rate_per_second
              : head === 'template_name' || head === 'template_language'
                ? template.template
                : head === 'header_media'
                  ? template.header_media.controls.media_id.enabled
                    ? template.header_media.controls.media_id
                    : template.header_media.controls.link
                  : head === 'variables'
                    ? (template.params.controls[field.split('.')[1] ?? ''] ?? template.params)
                    : null;
      if (!control) continue;
      setServerError(control, message);
      shown = true;
    }
    return shown;
  }

  /** Deletes the draft and starts again. */
  protected async discardDraft(): Promise<void> {
    const draft = this.draft();
    if (!draft) return;
    const confirmed = await confirmAction(this.dialog, {
      title: `Discard the draft "${draft.name}"?`,
      message: 'The draft and the recipients added to it are deleted. Nothing was sent.',
      confirmLabel: 'Discard draft',
      destructive: true,
    });
    if (!confirmed) return;
    try {
      await this.api.invoke(deleteCampaign, { id: draft.id });
      this.draft.set(null);
      this.reports.set([]);
      this.form.reset();
      this.templateGone.set(null);
      this.step.set(0);
      await this.router.navigate([CAMPAIGN_LINKS.wizard], { replaceUrl: true });
    } catch (error) {
      this.errors.notify(error);
    }
  }

  // Step 2

  /** A file chosen: its header is read here and the columns offered for mapping. */
  protected async onFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file || !this.draft()) return;
    this.audienceError.set(null);
    this.audienceFieldErrors.set(new Map());
    this.readingFile.set(true);
    try {
      const columns = await readCsvHeader(file);
      if (columns.length === 0) {
        this.audienceError.set(
          `${file.name} is empty: it needs a header line, then a line per recipient.`,
        );
        return;
      }
      this.toColumn.set(guessAddressColumn(columns) ?? '');
      this.columnFor.set(
        Object.fromEntries(
          this.perRecipientVariables().map((v) => [v.key, guessVariableColumn(columns, v) ?? '']),
        ),
      );
      this.chosenFile.set({ file, columns });
    } catch (error) {
      this.audienceError.set(`${file.name} could not be read: ${describeError(error)}`);
    } finally {
      this.readingFile.set(false);
    }
  }

  /** A variable as the template shows it: `Body {{1}}`. */
  protected variableLabel(variable: TemplateVariableDto): string {
    const part = variable.part.charAt(0).toUpperCase() + variable.part.slice(1);
    return `${part} {{${variable.name}}}`;
  }

  protected setColumn(key: string, column: string): void {
    this.columnFor.update((columns) => ({ ...columns, [key]: column }));
  }

  protected chooseAnotherFile(): void {
    this.chosenFile.set(null);
    this.audienceError.set(null);
    this.audienceFieldErrors.set(new Map());
  }

  /** Uploads the chosen file with its mapping; the server checks every line. */
  protected async uploadChosenFile(): Promise<void> {
    const chosen = this.chosenFile();
    const draft = this.draft();
    if (!chosen || !draft || this.adding()) return;
    const toColumn = this.toColumn();
    if (!toColumn) {
      this.audienceFieldErrors.set(
        new Map([['to_column', ['Choose the column with the phone numbers or user IDs.']]]),
      );
      return;
    }
    const { file } = chosen;
    this.audienceError.set(null);
    this.audienceFieldErrors.set(new Map());
    this.adding.set(true);
    this.uploadPercent.set(0);
    try {
      const builder = new RequestBuilder(this.api.rootUrl, uploadCampaignAudience.PATH, 'post');
      builder.path('id', draft.id);
      builder.body(
        { file, to_column: toColumn, columns: JSON.stringify(this.columnFor()) },
        'multipart/form-data',
      );
      const request = builder.build<AudienceReportDto>({
        responseType: 'json',
        accept: 'application/json',
        reportProgress: true,
      });
      const report = await new Promise<AudienceReportDto>((resolve, reject) => {
        this.http.request<AudienceReportDto>(request).subscribe({
          next: (event) => {
            if (event.type === HttpEventType.UploadProgress && event.total)
              this.uploadPercent.set(Math.round((100 * event.loaded) / event.total));
            else if (event.type === HttpEventType.Response && event.body) resolve(event.body);
          },
          error: reject,
        });
      });
      this.addReport(report, file.name);
      this.chosenFile.set(null);
    } catch (error) {
      this.showAudienceError(error);
    } finally {
      this.adding.set(false);
      this.uploadPercent.set(null);
    }
  }

  protected async addTag(): Promise<void> {
    const tag = this.tag().trim();
    if (!tag) return;
    await this.addAudience({ tag }, `Contacts tagged ${tag}`);
  }

  protected async addRetarget(): Promise<void> {
    const { campaignId, outcome } = this.retarget();
    if (!campaignId || !outcome) return;
    await this.addAudience(
      { from_campaign: { campaign_id: campaignId, outcome } },
      'Recipients of the earlier campaign',
    );
  }

  private async addAudience(body: AddAudienceDto, what: string): Promise<void> {
    const draft = this.draft();
    if (!draft || this.adding()) return;
    this.audienceError.set(null);
    this.audienceFieldErrors.set(new Map());
    this.adding.set(true);
    try {
      const report = await this.api.invoke(addCampaignAudience, { id: draft.id, body });
      this.addReport(report, what);
    } catch (error) {
      this.showAudienceError(error);
    } finally {
      this.adding.set(false);
    }
  }

  private addReport(report: AudienceReportDto, what: string): void {
    this.reports.update((reports) => [...reports, report]);
    this.draft.set(report.campaign);
    void this.announcer.announce(
      `${what}: ${report.added} of ${report.rows} rows added. ${report.campaign.counts.pending} recipients in total.`,
    );
  }

  private showAudienceError(error: unknown): void {
    const fields = apiFieldErrors(error);
    this.audienceFieldErrors.set(fields);
    this.audienceError.set(
      fields.size > 0
        ? [...fields.entries()]
            .map(([field, messages]) => `${fieldLabel(field)}: ${messages.join(' ')}`)
            .join(' ')
        : describeError(error),
    );
  }

  protected setRetarget(changes: Partial<{ campaignId: string; outcome: string }>): void {
    this.retarget.update((current) => ({ ...current, ...changes }) as typeof current);
  }

  // Step 3

  protected toSchedule(): void {
    this.scheduleError.set(null);
    if (this.when() === 'later' && !this.sendAt()) {
      this.scheduleError.set('Choose the date and time to send at.');
      return;
    }
    this.step.set(3);
  }

  protected pacingNote(cap: number | null): string {
    const pace = cap
      ? `Paced at the number's throughput and your cap of ${cap} per second`
      : "Paced at the number's throughput";
    return `${pace}; Meta's limits (per-person marketing limits, quality) can slow it down.`;
  }

  protected scheduleText(): string {
    return this.when() === 'now'
      ? 'As soon as you launch it.'
      : `At ${this.sendAt().replace('T', ' ')} (${this.timeZone()}).`;
  }

  // Step 4

  protected async sendTest(): Promise<void> {
    const draft = this.draft();
    this.testForm.markAllAsTouched();
    if (!draft || this.testForm.invalid || this.testing()) return;
    const { to, variables } = this.testForm.getRawValue();
    this.testing.set(true);
    this.testResult.set(null);
    try {
      await this.api.invoke(sendCampaignTest, {
        id: draft.id,
        body: {
          to,
          ...(Object.keys(variables).length > 0 && {
            variables: Object.fromEntries(
              Object.entries(variables).map(([key, value]) => [key, value.trim()]),
            ),
          }),
        },
      });
      // Its message is a status region: screen readers hear it without the announcer.
      this.testResult.set({ kind: 'sent', to });
    } catch (error) {
      const fields = apiFieldErrors(error);
      for (const [field, messages] of fields) {
        const control =
          field === 'to'
            ? this.testForm.controls.to
            : this.testForm.controls.variables.controls[field.replace(/^variables\./, '')];
        if (control) setServerError(control, messages.join(' '));
      }
      const body = apiErrorBody(error) as (Record<string, unknown> & { message?: unknown }) | null;
      const meta = metaErrorOf(body?.['meta_error']);
      const message = typeof body?.message === 'string' ? body.message : describeError(error);
      this.testResult.set(
        meta ? { kind: 'meta', message, error: meta } : { kind: 'error', message },
      );
    } finally {
      this.testing.set(false);
    }
  }

  protected async launch(): Promise<void> {
    const draft = this.draft();
    if (!draft || this.launching()) return;
    const body: LaunchCampaignDto =
      this.when() === 'later' ? { send_at: this.sendAt(), time_zone: this.timeZone() } : {};
    this.launching.set(true);
    this.launchError.set(null);
    try {
      const launched = await this.api.invoke(launchCampaign, { id: draft.id, body });
      void this.announcer.announce(
        launched.state === 'scheduled' ? 'Campaign scheduled.' : 'Campaign launched.',
      );
      await this.router.navigate(CAMPAIGN_LINKS.detail(launched.id));
    } catch (error) {
      const fields = apiFieldErrors(error);
      if (fields.has('send_at') || fields.has('time_zone')) {
        this.scheduleError.set(
          [...fields.entries()]
            .map(([field, messages]) => `${fieldLabel(field)}: ${messages.join(' ')}`)
            .join(' '),
        );
        this.step.set(2);
      } else {
        this.launchError.set(describeError(error));
      }
    } finally {
      this.launching.set(false);
    }
  }
}

/** The words for a request field in a message. */
function fieldLabel(field: string): string {
  switch (field) {
    case 'file':
      return 'CSV file';
    case 'to_column':
      return 'Phone number column';
    case 'send_at':
      return 'Send at';
    case 'time_zone':
      return 'Time zone';
    case 'tag':
      return 'Tag';
    default:
      return field;
  }
}

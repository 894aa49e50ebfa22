import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpEventType } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { Router } from '@angular/router';
import { aAccount, aFailedConnectionTest } from '../../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../../testing/auth-fixtures';
import {
  aCampaign,
  anAudienceReport,
  anEstimate,
  anUnpricedEstimate,
  someCounts,
} from '../../../../testing/campaign-fixtures';
import {
  aMetaError,
  anOrderUpdateTemplate,
  aSentMessage,
} from '../../../../testing/send-message-fixtures';
import { STUB_ROUTES, StubPageComponent, provideTestApp } from '../../../../testing/test-providers';
import { CampaignWizardComponent } from './campaign-wizard.component';

const CAMPAIGNS_URL = '/api/whatsapp/campaigns';
const draft = aCampaign({
  state: 'draft',
  launched_at: null,
  started_at: null,
  counts: someCounts(),
});
const DRAFT_URL = `${CAMPAIGNS_URL}/${draft.id}`;
const ESTIMATE_URL = `${DRAFT_URL}/estimate`;

describe('CampaignWizardComponent', () => {
  let fixture: ComponentFixture<CampaignWizardComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  const page = () => fixture.nativeElement as HTMLElement;
  const text = () => page().textContent?.replace(/\s+/g, ' ') ?? '';
  const button = (label: string) => {
    const found = [...page().querySelectorAll<HTMLButtonElement>('button')].find(
      // Icons are ligatures: their names come first in the text.
      (b) => b.textContent?.replace(/\s+/g, ' ').trim().endsWith(label),
    );
    if (!found) throw new Error(`No button "${label}"`);
    return found;
  };
  const field = (label: string) =>
    loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: new RegExp(`^${label}`) }));
  async function fill(label: string, value: string): Promise<void> {
    const control = (await (await field(label)).getControl(MatInputHarness))!;
    await control.setValue(value);
  }
  async function shown(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: provideTestApp([
        { path: 'campaigns/:id', component: StubPageComponent },
        ...STUB_ROUTES,
      ]),
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CampaignWizardComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
  });
  afterEach(() => http.verify());

  /**
   * Picks the account; its templates load meanwhile, and harnesses wait for the page to be stable,
   * which it is not while they load: answer the request, then await the choice.
   */
  async function chooseAccount(): Promise<void> {
    const account = await loader.getHarness(
      MatSelectHarness.with({ selector: '[formControlName=account_id]' }),
    );
    await account.open();
    const chosen = account.clickOptions({ text: /Support line/ });
    (await vi.waitFor(() => http.expectOne((r) => r.url === '/api/whatsapp/templates'))).flush([
      anOrderUpdateTemplate(),
    ]);
    await chosen;
    await shown();
  }

  /** Opens the wizard on the draft (`?campaign=`), at the audience step. */
  async function openDraft(campaign = draft): Promise<void> {
    fixture.componentRef.setInput('campaign', campaign.id);
    fixture.detectChanges();
    http.expectOne('/api/whatsapp/accounts').flush([aAccount()]);
    (await vi.waitFor(() => http.expectOne(`${CAMPAIGNS_URL}/${campaign.id}`))).flush(campaign);
    // Its template, to fill in the first step.
    (await vi.waitFor(() => http.expectOne((r) => r.url === '/api/whatsapp/templates'))).flush([
      anOrderUpdateTemplate(),
    ]);
    await shown();
  }

  /**
   * From the audience step to the summary, which loads the estimate: the page is not stable
   * until the test answers it.
   */
  async function toSummary(): Promise<void> {
    button('Next: schedule').click();
    await shown();
    button('Next: review').click();
    await settle();
  }

  /** The estimate's request, once the summary asked for it. */
  const estimateRequest = () => vi.waitFor(() => http.expectOne(ESTIMATE_URL));
  const section = (label: string) =>
    page().querySelector(`[aria-label="${label}"]`)?.textContent?.replace(/\s+/g, ' ') ?? '';
  const codeRows = () =>
    [...page().querySelectorAll('[aria-label="Recipients by calling code"] tbody tr')].map((tr) =>
      [...tr.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()),
    );

  it('creates the draft with the values shared by everyone, leaving blank ones to the audience', async () => {
    fixture.detectChanges();
    http.expectOne('/api/whatsapp/accounts').flush([aAccount()]);
    await shown();

    await fill('Campaign name', 'Spring shipping notice');
    await chooseAccount();
    const template = await loader.getHarness(
      MatSelectHarness.with({ selector: 'app-template-form mat-select' }),
    );
    await template.open();
    await template.clickOptions({ text: /order_update/ });
    await fill('Body \\{\\{2\\}\\}', 'A-1001');
    await shown();

    expect(text()).toContain("Blank: each recipient's column “body_1” or “1”");
    expect(page().querySelector('app-whatsapp-bubble')?.textContent).toContain(
      'your order A-1001 has shipped',
    );

    button('Next: audience').click();
    const create = http.expectOne({ method: 'POST', url: CAMPAIGNS_URL });
    expect(create.request.body).toEqual({
      name: 'Spring shipping notice',
      account_id: aAccount().id,
      template_name: 'order_update',
      template_language: 'en_US',
      variables: { body_2: 'A-1001' },
    });
    create.flush({ ...draft, audience: null });
    await shown();
    expect(page().querySelector('h2')?.textContent).toBe('Audience');
    expect(text()).toContain('Each recipient needs its own value for “body_1” (or “1”)');
  });

  it('shows each account with its state; a failing one says why and starts no campaign', async () => {
    const failing = aAccount({
      id: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      label: 'Sales line',
      status: 'failing',
      last_check: aFailedConnectionTest(),
      last_webhook_at: null,
    });
    fixture.detectChanges();
    http.expectOne('/api/whatsapp/accounts').flush([aAccount(), failing]);
    await shown();
    await fill('Campaign name', 'Spring');
    const select = await loader.getHarness(
      MatSelectHarness.with({ selector: '[formControlName=account_id]' }),
    );
    await select.open();
    const states = [...document.querySelectorAll('mat-option app-account-option .state')];
    expect(states.map((state) => state.classList.contains('failing'))).toEqual([false, true]);
    expect(states.map((state) => state.querySelector('.text')?.textContent?.trim())).toEqual([
      expect.stringMatching(/^Connected · Last webhook .+ ago$/),
      'Failing: Failed at "Access token accepted": Invalid OAuth access token: the token has expired. · No webhook received yet',
    ]);
    const chosen = select.clickOptions({ text: /Sales line/ });
    (await vi.waitFor(() => http.expectOne((r) => r.url === '/api/whatsapp/templates'))).flush([
      anOrderUpdateTemplate(),
    ]);
    await chosen;
    await shown();
    expect(await select.getValueText()).toBe('Sales line · +1 555-010-0001');
    const hint = (await (await field('From account')).getTextHints())[0];
    expect(hint?.replace(/\s+/g, ' ')).toBe(
      'Sales line is failing. Failed at "Access token accepted": Invalid OAuth access token: the token has expired. Verify it before sending a campaign from it. Open the Accounts page.',
    );
    expect(page().querySelector('mat-hint a')?.getAttribute('href')).toBe('/accounts');

    const template = await loader.getHarness(
      MatSelectHarness.with({ selector: 'app-template-form mat-select' }),
    );
    await template.open();
    await template.clickOptions({ text: /order_update/ });
    button('Next: audience').click();
    await shown();
    // No draft is created (afterEach checks that no request was left unanswered).
    http.expectNone({ method: 'POST', url: CAMPAIGNS_URL });
  });

  it("shows the server's 400 messages under the fields they name", async () => {
    fixture.detectChanges();
    http.expectOne('/api/whatsapp/accounts').flush([aAccount()]);
    await shown();
    await fill('Campaign name', 'Spring');
    await chooseAccount();
    const template = await loader.getHarness(
      MatSelectHarness.with({ selector: 'app-template-form mat-select' }),
    );
    await template.open();
    await template.clickOptions({ text: /order_update/ });

    button('Next: audience').click();
    http.expectOne({ method: 'POST', url: CAMPAIGNS_URL }).flush(
      anErrorBody(400, 'Validation failed', [
        { field: 'name', messages: ['A campaign with this name exists already'] },
        { field: 'template_name', messages: ['Template "order_update" is PAUSED'] },
      ]),
      { status: 400, statusText: 'Bad Request' },
    );
    await shown();
    expect(await (await field('Campaign name')).getTextErrors()).toEqual([
      'A campaign with this name exists already',
    ]);
    expect(await (await field('Template')).getTextErrors()).toEqual([
      'Template "order_update" is PAUSED',
    ]);
  });

  /** Opens the draft at its settings (`?campaign=…&edit=true`), its template listed twice. */
  async function editDraft(campaign = draft): Promise<void> {
    fixture.componentRef.setInput('campaign', campaign.id);
    fixture.componentRef.setInput('edit', 'true');
    fixture.detectChanges();
    http.expectOne('/api/whatsapp/accounts').flush([aAccount()]);
    (await vi.waitFor(() => http.expectOne(`${CAMPAIGNS_URL}/${campaign.id}`))).flush(campaign);
    (await vi.waitFor(() => http.expectOne((r) => r.url === '/api/whatsapp/templates'))).flush([
      anOrderUpdateTemplate(),
    ]);
    // The template step's own list of the account's templates.
    await settle();
    fixture.detectChanges();
    (await vi.waitFor(() => http.expectOne((r) => r.url === '/api/whatsapp/templates'))).flush([
      anOrderUpdateTemplate(),
    ]);
    await shown();
  }

  const inputValue = async (label: string) =>
    (await (await field(label)).getControl(MatInputHarness))!.getValue();

  it('opens a draft with its settings filled in and saves the changes to it (PATCH), then shows the audience checked again', async () => {
    const campaign = aCampaign({
      ...draft,
      rate_per_second: 5,
      counts: someCounts({ pending: 3, skipped: 1 }),
    });
    await editDraft(campaign);
    expect(page().querySelector('h1')?.textContent).toBe('Edit draft: Spring shipping notice');
    expect(page().querySelector('h2')?.textContent).toBe('Template');
    expect(text()).toContain('checks its 4 audience rows again');
    expect(await inputValue('Campaign name')).toBe('Spring shipping notice');
    expect(await inputValue('Body \\{\\{2\\}\\}')).toBe('A-1001');
    expect(await inputValue('Rate cap')).toBe('5');
    const template = await loader.getHarness(
      MatSelectHarness.with({ selector: 'app-template-form mat-select' }),
    );
    expect(await template.getValueText()).toContain('order_update');

    await fill('Campaign name', 'Spring shipping notice, fixed');
    await fill('Body \\{\\{2\\}\\}', 'A-2002');
    await fill('Rate cap', '');
    button('Save and continue').click();
    const save = http.expectOne({ method: 'PATCH', url: DRAFT_URL });
    expect(save.request.body).toEqual({
      name: 'Spring shipping notice, fixed',
      account_id: aAccount().id,
      template_name: 'order_update',
      template_language: 'en_US',
      variables: { body_2: 'A-2002' },
      rate_per_second: null,
    });
    const updated = aCampaign({
      ...campaign,
      name: 'Spring shipping notice, fixed',
      default_variables: { body_2: 'A-2002' },
      rate_per_second: null,
      counts: someCounts({ pending: 3, skipped: 1 }),
    });
    const { campaign: _campaign, ...report } = anAudienceReport({
      rows: 4,
      added: 3,
      campaign: updated,
    });
    save.flush({ ...updated, audience: report });
    await shown();
    expect(page().querySelector('h2')?.textContent).toBe('Audience');
    expect(page().querySelector('h1')?.textContent).toBe(
      'Edit draft: Spring shipping notice, fixed',
    );
    expect(section('Audience report')).toContain('3 of 4 rows added');
    http.expectNone({ method: 'POST', url: CAMPAIGNS_URL });
  });

  it('goes on without saving when nothing changed, and shows a refused change under its field', async () => {
    await editDraft();
    button('Save and continue').click();
    await shown();
    expect(page().querySelector('h2')?.textContent).toBe('Audience');
    http.expectNone({ method: 'PATCH', url: DRAFT_URL });

    button('Template').click();
    await settle();
    fixture.detectChanges();
    // Its own list of templates again, now the step is shown anew.
    (await vi.waitFor(() => http.expectOne((r) => r.url === '/api/whatsapp/templates'))).flush([
      anOrderUpdateTemplate(),
    ]);
    await shown();
    await fill('Campaign name', '');
    await fill('Campaign name', 'Spring');
    button('Save and continue').click();
    http
      .expectOne({ method: 'PATCH', url: DRAFT_URL })
      .flush(
        anErrorBody(400, 'Validation failed', [
          { field: 'template_name', messages: ['Template "order_update" is PAUSED'] },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await shown();
    expect(page().querySelector('h2')?.textContent).toBe('Template');
    expect(await (await field('Template')).getTextErrors()).toEqual([
      'Template "order_update" is PAUSED',
    ]);
  });

  /** Chooses a CSV file and waits for the mapping step to offer its columns. */
  async function chooseFile(content: string): Promise<File> {
    const picker = page().querySelector<HTMLInputElement>('input[type=file]')!;
    const file = new File([content], 'audience.csv', { type: 'text/csv' });
    Object.defineProperty(picker, 'files', { value: [file], configurable: true });
    picker.dispatchEvent(new Event('change'));
    await vi.waitFor(() => {
      fixture.detectChanges();
      if (!page().querySelector('[aria-labelledby=mapping-title]')) throw new Error('No mapping');
    });
    await shown();
    return file;
  }

  it('maps the columns of a chosen CSV before uploading it, guessing what it can', async () => {
    await openDraft();
    // Quoted names with the delimiter inside, `;` as Excel writes it in many locales.
    // A column named like the placeholder fills it.
    await chooseFile('"Name; full";Mobile;1\n"Doe; Jane";+15550101234;Jane\n');
    expect(text()).toContain('Map the columns of audience.csv');
    const selects = await loader.getAllHarnesses(
      MatSelectHarness.with({ ancestor: '[aria-labelledby=mapping-title]' }),
    );
    expect(await Promise.all(selects.map((s) => s.getValueText()))).toEqual(['Mobile', '1']);
    await selects[0].open();
    expect(await Promise.all((await selects[0].getOptions()).map((o) => o.getText()))).toEqual([
      'Name; full',
      'Mobile',
      '1',
    ]);
    await selects[0].close();
    // No column for the variable: the user is told what that means before uploading.
    await selects[1].open();
    await selects[1].clickOptions({ text: 'No column' });
    await shown();
    expect(text()).toContain('Without a column, every line is skipped for a missing value.');

    button('Choose another file').click();
    await shown();
    expect(page().querySelector('[aria-labelledby=mapping-title]')).toBeNull();
    expect(page().querySelector('input[type=file]')).not.toBeNull();
  });

  it('says so when the chosen file is empty, and uploads nothing', async () => {
    await openDraft();
    const picker = page().querySelector<HTMLInputElement>('input[type=file]')!;
    const file = new File(['  \n'], 'empty.csv', { type: 'text/csv' });
    Object.defineProperty(picker, 'files', { value: [file], configurable: true });
    picker.dispatchEvent(new Event('change'));
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(text()).toContain('empty.csv is empty: it needs a header line');
    });
    http.expectNone(`${DRAFT_URL}/audience/csv`);
  });

  it('uploads a CSV with its mapping and a progress bar and shows the report, lines in order', async () => {
    await openDraft();
    await chooseFile('phone,given\n');
    const variable = await loader.getHarness(
      MatSelectHarness.with({
        ancestor: '[aria-labelledby=mapping-title]',
        selector: ':not([required])',
      }),
    );
    await variable.open();
    await variable.clickOptions({ text: 'given' });
    button('Upload and check').click();

    const upload = http.expectOne({ method: 'POST', url: `${DRAFT_URL}/audience/csv` });
    const form = upload.request.body as FormData;
    expect((form.get('file') as File).name).toBe('audience.csv');
    expect(form.get('to_column')).toBe('phone');
    expect(JSON.parse(form.get('columns') as string)).toEqual({ body_1: 'given' });
    upload.event({ type: HttpEventType.UploadProgress, loaded: 50, total: 100 });
    await shown();
    const bar = await loader.getHarness(
      MatProgressBarHarness.with({ selector: '[aria-label="Uploading the CSV file"]' }),
    );
    expect(await bar.getValue()).toBe(50);

    upload.flush(anAudienceReport());
    await shown();
    const report = page().querySelector('[aria-label="Audience report"]')!;
    expect(report.textContent?.replace(/\s+/g, ' ')).toContain('3 of 5 rows added; 2 skipped.');
    const reasons = [...report.querySelectorAll('[aria-label="Skipped rows by reason"] li')];
    expect(reasons.map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '1 Not a valid WhatsApp number or user id',
      '1 A template variable has no value',
    ]);
    const columns = [...report.querySelectorAll('[aria-label="Columns read"] tbody tr')];
    const cells = (tr: Element) => [...tr.querySelectorAll('td')].map((td) => td.textContent);
    expect(columns.map((tr) => cells(tr).join(' '))).toEqual([
      'phone Phone number',
      'first_name Body {{1}}',
    ]);
    const lines = [
      ...report.querySelectorAll('[aria-label="Rows skipped"] tbody tr td:first-child'),
    ];
    expect(lines.map((td) => td.textContent)).toEqual(['4', '6']);
    expect(text()).toContain('3 recipients to send to so far, 2 skipped.');
    expect(button('Next: schedule').disabled).toBe(false);
  });

  it('adds the contacts of a tag and shows a refused request', async () => {
    await openDraft();
    button('Contacts with a tag').click();
    await shown();
    await fill('Tag', 'vip');
    button('Add these contacts').click();
    const add = http.expectOne({ method: 'POST', url: `${DRAFT_URL}/audience` });
    expect(add.request.body).toEqual({ tag: 'vip' });
    add.flush(
      anErrorBody(
        409,
        'The campaign is running: the audience can only change while it is a draft.',
      ),
      {
        status: 409,
        statusText: 'Conflict',
      },
    );
    await shown();
    expect(page().querySelector('[role=alert]')?.textContent).toContain(
      'the audience can only change while it is a draft',
    );
  });

  it('reviews the audience, pacing and estimated cost, sends a test, and launches', async () => {
    await openDraft(aCampaign({ ...draft, counts: someCounts({ pending: 1200, skipped: 3 }) }));
    await toSummary();

    expect(text()).toContain('1,200 recipients will be sent the template. 3 skipped');
    expect(text()).toContain('1,200 messages at 80 per second: 15 seconds.');
    expect(page().querySelector('[aria-label="Loading the cost estimate"]')).not.toBeNull();
    (await estimateRequest()).flush(anEstimate());
    await shown();
    expect(page().querySelector('[aria-label="Loading the cost estimate"]')).toBeNull();
    const cost = section('Cost estimate');
    expect(cost).toContain(
      "Estimated cost $10.50 if every message is delivered: 150 UTILITY messages at the rate card's prices.",
    );
    expect(cost).toContain(
      '1,050 recipients are not in the estimate: the rate card has no price for their calling code.',
    );
    expect(cost).toContain('Pricing category: UTILITY');
    expect(cost).toContain('An estimate, not a bill');
    expect(codeRows()).toEqual([
      ['+1 United States', '1,050', 'No price', '—'],
      ['+49 Germany', '100', '$0.0768', '$7.68'],
      ['+44 United Kingdom', '50', '$0.0564', '$2.82'],
    ]);

    await fill('Test phone number', '+1 555 010 9999');
    await fill('body_1', 'Tess');
    button('Send test').click();
    const test = http.expectOne({ method: 'POST', url: `${DRAFT_URL}/test` });
    expect(test.request.body).toEqual({ to: '+15550109999', variables: { body_1: 'Tess' } });
    test.flush(
      { ...anErrorBody(422, 'Meta refused the message'), meta_error: aMetaError() },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await shown();
    expect(page().querySelector('app-meta-error-panel')).not.toBeNull();

    button('Send test').click();
    http.expectOne({ method: 'POST', url: `${DRAFT_URL}/test` }).flush(aSentMessage());
    await shown();
    expect(text()).toContain('Test sent to +15550109999.');

    button('Launch for 1,200 recipients').click();
    const launch = http.expectOne({ method: 'POST', url: `${DRAFT_URL}/launch` });
    expect(launch.request.body).toEqual({});
    launch.flush({ ...draft, state: 'running' });
    await shown();
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe(`/campaigns/${draft.id}`));
  });

  it('schedules at a time in a time zone', async () => {
    await openDraft(aCampaign({ ...draft, counts: someCounts({ pending: 2 }) }));
    button('Next: schedule').click();
    await shown();
    page().querySelector<HTMLElement>('mat-radio-button[value=later] input')!.click();
    await shown();
    button('Next: review').click();
    await shown();
    expect(page().querySelector('[role=alert]')?.textContent).toContain(
      'Choose the date and time to send at.',
    );
    await fill('Send at', '2026-12-24T09:30');
    await fill('Time zone', 'Europe/Lisbon');
    button('Next: review').click();
    await settle();
    (await estimateRequest()).flush(anEstimate({ recipients: 2 }));
    await shown();
    expect(text()).toContain('At 2026-12-24 09:30 (Europe/Lisbon).');
    button('Schedule for 2 recipients').click();
    const launch = http.expectOne({ method: 'POST', url: `${DRAFT_URL}/launch` });
    expect(launch.request.body).toEqual({
      send_at: '2026-12-24T09:30',
      time_zone: 'Europe/Lisbon',
    });
    launch.flush(
      anErrorBody(400, 'Validation failed', [
        { field: 'send_at', messages: ['send_at is in the past'] },
      ]),
      { status: 400, statusText: 'Bad Request' },
    );
    await shown();
    expect(page().querySelector('h2')?.textContent).toBe('Schedule');
    expect(page().querySelector('[role=alert]')?.textContent).toContain(
      'Send at: send_at is in the past',
    );
  });

  it('says when no rate card is configured, and shows the counts by calling code only', async () => {
    await openDraft(aCampaign({ ...draft, counts: someCounts({ pending: 1200 }) }));
    await toSummary();
    (await estimateRequest()).flush(anUnpricedEstimate());
    await shown();

    const cost = section('Cost estimate');
    expect(cost).toContain(
      'No rate card is configured (PRICING_RATE_CARD_FILE, see the README), so only counts are shown.',
    );
    expect(cost).toContain('Pricing category: UTILITY');
    expect(cost).not.toContain('$');
    expect(cost).not.toContain('An estimate, not a bill');
    expect(
      page().querySelectorAll('[aria-label="Recipients by calling code"] thead th'),
    ).toHaveLength(2);
    expect(codeRows()).toEqual([
      ['+1 United States', '1,050'],
      ['+49 Germany', '100'],
      ['+44 United Kingdom', '50'],
    ]);
  });

  it('shows an estimate that could not be loaded with a retry, and loads it again for a changed audience', async () => {
    await openDraft(aCampaign({ ...draft, counts: someCounts({ pending: 1200 }) }));
    await toSummary();
    (await estimateRequest()).flush(anErrorBody(500, 'Internal server error'), {
      status: 500,
      statusText: 'Internal Server Error',
    });
    await shown();
    const alert = page().querySelector('[aria-label="Cost estimate"] [role=alert]');
    expect(alert?.textContent).toContain('The estimate could not be loaded.');
    // The rest of the summary stays usable: the launch does not depend on the estimate.
    expect(button('Launch for 1,200 recipients').disabled).toBe(false);

    button('Retry').click();
    await settle();
    (await estimateRequest()).flush(anEstimate());
    await shown();
    expect(page().querySelector('[aria-label="Cost estimate"] [role=alert]')).toBeNull();
    expect(section('Cost estimate')).toContain('Estimated cost $10.50');

    // Back to the audience: a tag adds recipients, and the summary estimates them again.
    page().querySelector<HTMLButtonElement>('.steps li:nth-child(2) button')!.click();
    await shown();
    button('Contacts with a tag').click();
    await shown();
    await fill('Tag', 'vip');
    button('Add these contacts').click();
    http.expectOne({ method: 'POST', url: `${DRAFT_URL}/audience` }).flush(
      anAudienceReport({
        campaign: aCampaign({ ...draft, counts: someCounts({ pending: 1300 }) }),
      }),
    );
    await shown();
    await toSummary();
    (await estimateRequest()).flush(anEstimate({ recipients: 1300, estimated_cost: 12 }));
    await shown();
    expect(section('Cost estimate')).toContain('Estimated cost $12.00');
  });
});

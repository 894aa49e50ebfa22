import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatRadioGroupHarness } from '@angular/material/radio/testing';
import type { TemplateResponseDto } from '../../core/api/models/template-response-dto';
import { aAccount } from '../../../testing/account-fixtures';
import { settle } from '../../../testing/auth-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../../../testing/fake-realtime';
import { signInAs } from '../../../testing/sign-in';
import { aManagedTemplate } from '../../../testing/template-fixtures';
import { provideTestApp } from '../../../testing/test-providers';
import { LIVE_REFRESH_DELAY_MS, TemplatesComponent } from './templates.component';

const ACCOUNTS_URL = '/api/whatsapp/accounts';
const TEMPLATES_URL = '/api/whatsapp/templates';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TemplatesComponent', () => {
  let fixture: ComponentFixture<TemplatesComponent>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;
  const account = aAccount();
  const approved = aManagedTemplate();
  const rejected = aManagedTemplate({
    id: '4b2d6f80-3c5e-4d7f-9a1b-2c3d4e5f6a71',
    meta_template_id: '594425479261597',
    name: 'spring_sale',
    category: 'MARKETING',
    status: 'REJECTED',
    quality_rating: null,
    status_reason: 'INCORRECT_CATEGORY',
    status_reason_text: 'The category does not match the content.',
    edit: { allowed: true, reason: null, remaining_count: null, next_edit_at: null },
  });

  const page = () => fixture.nativeElement as HTMLElement;
  const card = (name: string) => {
    const element = page().querySelector<HTMLElement>(`[data-template="${name}"]`);
    if (!element) throw new Error(`No card for ${name}`);
    return element;
  };
  const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim();

  async function render(accounts = [account]): Promise<void> {
    await signInAs('member');
    fixture = TestBed.createComponent(TemplatesComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    await settle();
    http.expectOne(ACCOUNTS_URL).flush(accounts);
    await settle();
  }

  /** Answers the list request once the page made it (resources chain: accounts, then the list). */
  async function flushList(templates: TemplateResponseDto[]): Promise<Record<string, string>> {
    const isList = (r: { url: string; method: string }) =>
      r.url === TEMPLATES_URL && r.method === 'GET';
    let request: TestRequest | undefined;
    for (let i = 0; !request; i++) {
      try {
        request = http.expectOne(isList);
      } catch (error) {
        if (i === 20) throw error;
        fixture.detectChanges();
        await settle();
      }
    }
    const params = Object.fromEntries(
      request.request.params.keys().map((key) => [key, request.request.params.get(key) ?? '']),
    );
    request.flush(templates);
    await settle();
    await fixture.whenStable();
    return params;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [...provideTestApp(), provideFakeRealtime()] });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(FakeRealtimeService);
  });
  afterEach(() => http.verify());

  it('lists the account’s templates with status, category, quality and Meta’s reason explained', async () => {
    await render();
    expect(await flushList([approved, rejected])).toEqual({ account_id: account.id });

    expect(text(card('order_update').querySelector('.status-chip'))).toBe('check_circle Approved');
    expect(text(card('order_update').querySelector('.meta'))).toMatch(
      /^en_US · UTILITY · High quality · updated/,
    );
    // The text the customer reads, with the examples.
    expect(text(card('order_update').querySelector('.text'))).toBe(
      'Order A-17 Hi Ada, your order ships today.',
    );
    expect(text(card('spring_sale').querySelector('.status-chip'))).toBe('cancel Rejected');
    expect(text(card('spring_sale').querySelector('.reason'))).toBe(
      'report The category does not match the content.',
    );
  });

  it('shows a WhatsApp preview with the examples', async () => {
    await render();
    await flushList([approved]);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Preview/ }))).click();
    const bubble = card('order_update').querySelector('app-whatsapp-bubble');
    expect(text(bubble?.querySelector('.header-text') ?? null)).toBe('Order A-17');
    expect(text(bubble?.querySelector('.body') ?? null)).toBe('Hi Ada, your order ships today.');
  });

  it('filters by name and says what to do when nothing matches', async () => {
    await render();
    await flushList([approved]);
    const search = page().querySelector<HTMLInputElement>('input[type="search"]');
    if (!search) throw new Error('No search field');
    search.value = 'sale';
    search.dispatchEvent(new Event('input'));
    expect(await flushList([])).toEqual({ account_id: account.id, q: 'sale' });
    expect(page().textContent).toContain('No templates match these filters');
    const clear = [...page().querySelectorAll<HTMLElement>('button')].find((b) =>
      text(b)?.includes('Clear filters'),
    );
    clear?.click();
    expect(await flushList([approved])).toEqual({ account_id: account.id });
  });

  it('says how to start when the account has no templates', async () => {
    await render();
    await flushList([]);
    expect(page().textContent).toContain('No message templates yet');
    expect(page().textContent).toContain('Create one and submit it to Meta for review');
  });

  it('says to connect an account first when there is none, with a link to the Accounts page', async () => {
    await render([]);
    await fixture.whenStable();
    expect(text(page().querySelector('app-empty-state h2'))).toBe(
      'Connect a WhatsApp account first',
    );
    const link = page().querySelector('app-empty-state a');
    expect(text(link)).toBe('add Connect an account');
    expect(link?.getAttribute('href')).toBe('/accounts');
  });

  it('shows Meta’s review live', async () => {
    await render();
    await flushList([aManagedTemplate({ status: 'PENDING' })]);
    expect(text(card('order_update').querySelector('.status-chip'))).toBe('schedule In review');

    realtime.emit('template.changed', {
      template_id: approved.id,
      meta_template_id: approved.meta_template_id,
      name: approved.name,
      language: approved.language,
      status: 'APPROVED',
      event: 'APPROVED',
      reason: null,
      category: 'UTILITY',
      quality_rating: null,
    });
    await wait(LIVE_REFRESH_DELAY_MS + 50);
    await flushList([approved]);
    expect(text(card('order_update').querySelector('.status-chip'))).toBe('check_circle Approved');
  });

  it('deletes one language or all after confirmation, warning about the name', async () => {
    await render();
    const spanish = aManagedTemplate({
      id: '5c3e7a91-4d6f-4e8a-8b2c-3d4e5f6a7b82',
      language: 'es',
    });
    await flushList([approved, spanish]);
    await (
      await loader.getHarness(
        MatButtonHarness.with({ selector: '[aria-label="Actions for order_update (en_US)"]' }),
      )
    ).click();
    const menu = await root.getHarness(MatMenuHarness);
    await menu.clickItem({ text: /Delete/ });

    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getText()).toContain(
      'cannot be used again for a template in the same language for 30 days',
    );
    await (
      await root.getHarness(MatRadioGroupHarness)
    ).checkRadioButton({
      label: /Every language/,
    });
    await (await root.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    await settle();

    const request = http.expectOne((r) => r.url === `${TEMPLATES_URL}/${approved.id}`);
    expect(request.request.method).toBe('DELETE');
    expect(request.request.params.get('scope')).toBe('all');
    request.flush({
      name: 'order_update',
      languages: ['en_US', 'es'],
      deleted_count: 2,
      name_reusable_at: '2027-01-06T12:00:00.000Z',
    });
    await settle();
    await flushList([]);
  });
});

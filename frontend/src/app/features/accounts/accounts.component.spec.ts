import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCardHarness } from '@angular/material/card/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { MatTooltipHarness } from '@angular/material/tooltip/testing';
import type { AccountResponseDto } from '../../core/api/models/account-response-dto';
import {
  aAccount,
  aFailedConnectionTest,
  aPassedConnectionTest,
} from '../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../testing/auth-fixtures';
import { signInAs } from '../../../testing/sign-in';
import { provideTestApp } from '../../../testing/test-providers';
import { AccountsComponent } from './accounts.component';

const LIST_URL = '/api/whatsapp/accounts';
const HOUR = 3600 * 1000;

const originalMatchMedia = Object.getOwnPropertyDescriptor(window, 'matchMedia');

describe('AccountsComponent', () => {
  let fixture: ComponentFixture<AccountsComponent>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let http: HttpTestingController;

  const support = aAccount({
    last_verified_at: new Date(Date.now() - 3 * HOUR).toISOString(),
    last_webhook_at: new Date(Date.now() - 2 * 60_000).toISOString(),
  });
  const sales = aAccount({
    id: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    label: 'Sales line',
    phone_number_id: '106540352242999',
    display_phone_number: '+1 555-010-0002',
    verified_name: 'Acme Sales',
    quality_rating: 'YELLOW',
    status: 'failing',
    access_token_mask: '••••c3d4',
    last_check: aFailedConnectionTest(),
    last_verified_at: null,
    last_webhook_at: null,
  });

  const page = () => fixture.nativeElement as HTMLElement;
  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const labelled = (label: string) =>
    loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }));
  const snackBarMessage = async () => (await root.getHarness(MatSnackBarHarness)).getMessage();

  /**
   * Signs in as `role`, then creates the page, which starts loading the list. Harnesses wait for the page to be stable,
   * which it is not while the list loads: flush the request before using them.
   */
  async function render(role: 'admin' | 'member' = 'admin'): Promise<void> {
    await signInAs(role);
    fixture = TestBed.createComponent(AccountsComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    await settle();
  }

  async function flushList(accounts: AccountResponseDto[]): Promise<void> {
    http.expectOne({ method: 'GET', url: LIST_URL }).flush(accounts);
    await settle();
    await fixture.whenStable();
  }

  async function columns(): Promise<Record<string, string[]>> {
    const table = await loader.getHarness(MatTableHarness);
    const byColumn = await table.getCellTextByColumnName();
    return Object.fromEntries(Object.entries(byColumn).map(([name, { text }]) => [name, text]));
  }

  async function openMenuItem(label: string, item: RegExp): Promise<void> {
    const menu = await loader.getHarness(
      MatMenuHarness.with({ selector: `[aria-label="More actions for ${label}"]` }),
    );
    await menu.clickItem({ text: item });
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    if (originalMatchMedia) Object.defineProperty(window, 'matchMedia', originalMatchMedia);
    else Reflect.deleteProperty(window, 'matchMedia');
  });

  describe('states', () => {
    it('shows a progress bar while loading', async () => {
      await render();
      fixture.detectChanges();
      expect(page().querySelector('mat-progress-bar')?.getAttribute('aria-label')).toBe(
        'Loading accounts',
      );

      await flushList([support]);
      expect(await loader.getAllHarnesses(MatProgressBarHarness)).toHaveLength(0);
    });

    it('shows an empty state whose action opens the Add dialog', async () => {
      await render();
      await flushList([]);

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        'No WhatsApp accounts yet',
      );
      expect(await loader.getAllHarnesses(MatTableHarness)).toHaveLength(0);
      await (await button(/Add account/)).click();

      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Connect a WhatsApp account');
      await dialog.close();
    });

    it('shows an error with Retry when the list fails to load', async () => {
      await render();
      http.expectOne(LIST_URL).flush(anErrorBody(500, 'Internal server error'), {
        status: 500,
        statusText: 'Internal Server Error',
      });
      await settle();
      await fixture.whenStable();

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        "Couldn't load your accounts",
      );
      expect(page().querySelector('app-empty-state p')?.textContent?.trim()).toBe(
        'Something went wrong on the server. Please try again (reference req-123).',
      );

      // Not through the harness: it would wait for the reload, which waits for this test.
      const retry = page().querySelector<HTMLButtonElement>('app-empty-state button');
      expect(retry?.textContent).toContain('Retry');
      retry?.click();
      await settle();
      await flushList([support]);
      expect((await columns())['account']).toHaveLength(1);
      expect(page().querySelector('app-empty-state')).toBeNull();
    });
  });

  describe('the list', () => {
    beforeEach(async () => {
      await render();
      await flushList([support, sales]);
    });

    it('shows each account with its number, quality, status and last verification', async () => {
      const cells = await columns();

      expect(cells['account']?.[0]).toContain('Support line');
      expect(cells['account']?.[0]).toContain('+1 555-010-0001');
      expect(cells['account']?.[0]).toContain('ID 106540352242922');
      expect(cells['verified_name']).toEqual(['Acme Support', 'Acme Sales']);
      expect(cells['quality']).toEqual(['High', 'Medium']);
      expect(cells['status']).toEqual([
        expect.stringMatching(/Active$/),
        expect.stringMatching(/Failing$/),
      ]);
      expect(cells['last_verified']).toEqual(['3 hours ago', 'Never']);
      expect(cells['last_webhook']).toEqual([
        '2 minutes ago',
        expect.stringMatching(/None yet: check the set-up$/),
      ]);

      const time = page().querySelector('time');
      expect(time?.getAttribute('datetime')).toBe(support.last_verified_at);
      expect(time?.getAttribute('title')).toMatch(/\d{4}/);
    });

    it('opens the webhook settings from an account that received no webhook yet', async () => {
      await (await button(/None yet: check the set-up/)).click();
      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Webhook settings · Sales line');
      expect(await dialog.getText()).toContain('No webhook has arrived yet.');
      await dialog.close();
    });

    it('explains a failing status with the failing step', async () => {
      const tooltip = await loader.getHarness(
        MatTooltipHarness.with({ selector: '.status-failing' }),
      );
      await tooltip.show();
      expect(await tooltip.getTooltipText()).toBe(
        'Failed at "Access token accepted": Invalid OAuth access token: the token has expired.',
      );
    });

    it('shows secrets only as masks', () => {
      const text = page().textContent ?? '';
      expect(text).toContain('token ••••a1b2');
      expect(text).toContain('token ••••c3d4');
    });

    it('verifies an account and updates its row', async () => {
      await (await labelled('Verify Support line')).click();
      expect(await (await labelled('Verify Support line')).isDisabled()).toBe(true);

      const request = http.expectOne({
        method: 'POST',
        url: `${LIST_URL}/${support.id}/verify`,
      });
      request.flush({
        ...support,
        quality_rating: 'RED',
        last_verified_at: new Date().toISOString(),
        last_check: aPassedConnectionTest({ quality_rating: 'RED' }),
      });
      await settle();

      const cells = await columns();
      expect(cells['quality']).toEqual(['Low', 'Medium']);
      expect(cells['last_verified']?.[0]).toBe('just now');
      expect(await (await labelled('Verify Support line')).isDisabled()).toBe(false);
      expect(await snackBarMessage()).toBe(
        'Support line verified: the connection works. Quality: low.',
      );
    });

    it('says why a verification failed', async () => {
      await (await labelled('Verify Support line')).click();
      http.expectOne(`${LIST_URL}/${support.id}/verify`).flush({
        ...support,
        status: 'failing',
        last_check: aFailedConnectionTest(),
      });
      await settle();

      expect((await columns())['status']?.[0]).toContain('Failing');
      expect(await snackBarMessage()).toBe(
        'Support line did not pass verification. Failed at "Access token accepted": Invalid OAuth access token: the token has expired. Quality: high.',
      );
    });

    it('deletes an account only after confirmation', async () => {
      await openMenuItem('Sales line', /Delete/);
      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Delete "Sales line"?');
      expect(await dialog.getContentText()).toContain('Its message history is kept');
      http.expectNone({ method: 'DELETE', url: `${LIST_URL}/${sales.id}` });

      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
      await settle();
      http.expectNone({ method: 'DELETE', url: `${LIST_URL}/${sales.id}` });
      expect((await columns())['verified_name']).toHaveLength(2);

      await openMenuItem('Sales line', /Delete/);
      const again = await root.getHarness(MatDialogHarness);
      await (await again.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
      await settle();
      http
        .expectOne({ method: 'DELETE', url: `${LIST_URL}/${sales.id}` })
        .flush(null, { status: 204, statusText: 'No Content' });
      await settle();

      expect((await columns())['verified_name']).toEqual(['Acme Support']);
      expect(await snackBarMessage()).toBe('Sales line deleted');
    });

    it('renames an account through the Edit dialog', async () => {
      await openMenuItem('Support line', /Edit/);
      const dialog = await root.getHarness(MatDialogHarness);
      const label = await dialog.getHarness(
        MatFormFieldHarness.with({ floatingLabelText: 'Label' }),
      );
      await (await label.getControl(MatInputHarness))?.setValue('Help desk');
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
      http
        .expectOne({ method: 'PATCH', url: `${LIST_URL}/${support.id}` })
        .flush({ ...support, label: 'Help desk' });
      await settle();

      expect((await columns())['account']?.[0]).toContain('Help desk');
      expect(await snackBarMessage()).toBe('Help desk updated');
    });

    it('opens the webhook settings of an account', async () => {
      await openMenuItem('Sales line', /Webhook settings/);
      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Webhook settings · Sales line');
      await dialog.close();
    });

    it('opens the send dialog with the account chosen', async () => {
      const menu = await loader.getHarness(
        MatMenuHarness.with({ selector: '[aria-label="More actions for Support line"]' }),
      );
      await menu.open();
      // Clicked directly: a harness would wait for the dialog's account list, flushed below.
      [...document.querySelectorAll<HTMLElement>('.mat-mdc-menu-item')]
        .find((item) => item.textContent?.includes('Send message'))
        ?.click();
      // The dialog loads on first use, then lists the accounts to send from.
      const request = await vi.waitFor(() => http.expectOne({ method: 'GET', url: LIST_URL }), {
        timeout: 5000,
      });
      request.flush([support, sales]);
      await settle();

      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('New message');
      const account = await root.getHarness(
        MatSelectHarness.with({ selector: '.compose > mat-form-field mat-select' }),
      );
      expect(await account.getValueText()).toBe('Support line · +1 555-010-0001');
      await dialog.close();
    });
  });

  it('connects an account, refreshes the list and shows its webhook settings', async () => {
    await render();
    await flushList([]);
    await (await button(/Add account/)).click();
    const dialog = await root.getHarness(MatDialogHarness);
    const fill = async (label: string, value: string) => {
      const field = await dialog.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
      await (await field.getControl(MatInputHarness))?.setValue(value);
    };
    await fill('Label', 'Support line');
    await fill('Phone number ID', support.phone_number_id);
    await fill('WhatsApp Business Account ID', support.waba_id);
    await fill('Access token', 'EAAGsecret-token-a1b2');
    await (await dialog.getHarness(MatButtonHarness.with({ text: /Test connection/ }))).click();
    http.expectOne(`${LIST_URL}/test`).flush(aPassedConnectionTest());
    await settle();
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
    http
      .expectOne({ method: 'POST', url: LIST_URL })
      .flush(support, { status: 201, statusText: 'Created' });
    await settle();

    await flushList([support]);
    expect((await columns())['verified_name']).toEqual(['Acme Support']);
    expect(await snackBarMessage()).toBe('Account connected');
    const webhook = await root.getHarness(MatDialogHarness);
    expect(await webhook.getTitleText()).toBe('Webhook settings · Support line');
    // The token typed into the dialog is gone; only its mask remains.
    expect(document.body.innerHTML).not.toContain('EAAGsecret-token-a1b2');
    expect(page().textContent).toContain('token ••••a1b2');
    await webhook.close();
  });

  describe('as a member', () => {
    it('lists the accounts and offers sending, but no connecting, verifying, editing or deleting', async () => {
      await render('member');
      await flushList([support]);

      expect((await columns())['account']?.[0]).toContain('Support line');
      expect(page().querySelector('app-page-header')?.textContent).toContain(
        'Only admins can connect, change or remove them.',
      );
      expect(
        await loader.getAllHarnesses(MatButtonHarness.with({ text: /Add account/ })),
      ).toHaveLength(0);
      expect(
        await loader.getAllHarnesses(
          MatButtonHarness.with({ selector: '[aria-label="Verify Support line"]' }),
        ),
      ).toHaveLength(0);
      const menu = await loader.getHarness(
        MatMenuHarness.with({ selector: '[aria-label="More actions for Support line"]' }),
      );
      await menu.open();
      const items = await Promise.all((await menu.getItems()).map((item) => item.getText()));
      // The item text starts with its icon's ligature (`sendSend message`).
      expect(items).toEqual([
        expect.stringMatching(/Send message$/),
        expect.stringMatching(/Webhook settings$/),
      ]);
    });

    it('says to ask an admin when there is no account yet', async () => {
      await render('member');
      await flushList([]);

      expect(page().querySelector('app-empty-state')?.textContent).toContain(
        'Ask one to connect a number',
      );
      expect(
        await loader.getAllHarnesses(MatButtonHarness.with({ text: /Add account/ })),
      ).toHaveLength(0);
    });
  });

  it('shows cards on narrow screens', async () => {
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      writable: true,
      value: (query: string) =>
        ({
          matches: true,
          media: query,
          addListener: () => undefined,
          removeListener: () => undefined,
          addEventListener: () => undefined,
          removeEventListener: () => undefined,
        }) as unknown as MediaQueryList,
    });
    await render();
    await flushList([support, sales]);

    expect(await loader.getAllHarnesses(MatTableHarness)).toHaveLength(0);
    const cards = await loader.getAllHarnesses(MatCardHarness);
    expect(cards).toHaveLength(2);
    expect(await cards[1]?.getText()).toContain('Sales line');
    expect(await cards[1]?.getText()).toContain('Medium');
    expect(await labelled('Verify Sales line')).toBeTruthy();
  });
});

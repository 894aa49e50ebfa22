import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { firstValueFrom } from 'rxjs';
import type { ConnectionTestResponseDto } from '../../../core/api/models/connection-test-response-dto';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import {
  aConnectionTestFailedBody,
  aAccount,
  aFailedConnectionTest,
  aPassedConnectionTest,
} from '../../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../../testing/auth-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import { AddAccountDialogComponent } from './add-account-dialog.component';

@Component({ template: '' })
class HostComponent {}

const TEST_URL = '/api/whatsapp/accounts/test';
const CREATE_URL = '/api/whatsapp/accounts';

const VALUES = {
  Label: 'Support line',
  'Phone number ID': '106540352242922',
  'WhatsApp Business Account ID': '102290129340398',
  'Access token': 'EAAGtoken-a1b2',
} as const;

describe('AddAccountDialogComponent', () => {
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let closed: Promise<AccountResponseDto | undefined>;

  const field = (label: string) =>
    loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const input = async (label: string) => (await (await field(label)).getControl(MatInputHarness))!;
  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const saveButton = () => button('Save');
  const checklist = () => document.querySelector('app-connection-checklist');

  async function fillIn(values: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(values)) {
      await (await input(label)).setValue(value);
    }
  }

  /** Clicks "Test connection" and answers the test request. */
  async function testConnection(
    result: ConnectionTestResponseDto = aPassedConnectionTest(),
  ): Promise<TestRequest> {
    await (await button(/Test connection/)).click();
    const request = http.expectOne({ method: 'POST', url: TEST_URL });
    request.flush(result);
    await settle();
    return request;
  }

  async function save(): Promise<TestRequest> {
    await (await saveButton()).click();
    return http.expectOne({ method: 'POST', url: CREATE_URL });
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    loader = TestbedHarnessEnvironment.documentRootLoader(TestBed.createComponent(HostComponent));
    http = TestBed.inject(HttpTestingController);
    const ref = TestBed.inject(MatDialog).open<AddAccountDialogComponent, void, AccountResponseDto>(
      AddAccountDialogComponent,
    );
    closed = firstValueFrom(ref.afterClosed());
  });

  afterEach(() => {
    http.verify();
    TestBed.inject(MatDialog).closeAll();
  });

  it('says where to find each value in Meta', async () => {
    expect(await (await field('Phone number ID')).getTextHints()).toEqual([
      expect.stringContaining('WhatsApp Manager > API Setup'),
    ]);
    expect(await (await field('Access token')).getTextHints()).toEqual([
      expect.stringContaining('Business Settings > System users'),
    ]);
    expect(await (await field('App secret (optional)')).getTextHints()).toEqual([
      expect.stringContaining('App Dashboard > App settings > Basic'),
    ]);
  });

  it('asks before Escape throws typed values away, and closes at once when nothing was typed', async () => {
    const escape = async () => {
      document
        .querySelector('app-add-account-dialog')!
        .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await settle();
    };
    await fillIn({ Label: 'Support line' });
    await escape();
    const dialogs = await loader.getAllHarnesses(MatDialogHarness);
    expect(await dialogs.at(-1)?.getTitleText()).toBe('Discard this account?');
    await (await button('Keep editing')).click();
    await settle();
    expect(await (await input('Label')).getValue()).toBe('Support line');

    await escape();
    await (await button('Discard')).click();
    await expect(closed).resolves.toBeUndefined();
  });

  it('hides the token until asked to show it', async () => {
    const token = await input('Access token');
    expect(await token.getType()).toBe('password');

    await (
      await loader.getHarness(
        MatButtonHarness.with({ selector: '[aria-label="Show access token"]' }),
      )
    ).click();
    expect(await token.getType()).toBe('text');
    await (
      await loader.getHarness(
        MatButtonHarness.with({ selector: '[aria-label="Hide access token"]' }),
      )
    ).click();
    expect(await token.getType()).toBe('password');
  });

  describe('Save gating', () => {
    it('is disabled until a test passes, and testing needs the ids and token first', async () => {
      expect(await (await saveButton()).isDisabled()).toBe(true);

      await (await button(/Test connection/)).click();
      http.expectNone(TEST_URL);
      expect(await (await field('Phone number ID')).getTextErrors()).toEqual([
        'Phone number ID is required.',
      ]);
      expect(await (await field('Access token')).getTextErrors()).toEqual([
        'Access token is required.',
      ]);

      await fillIn({ 'Phone number ID': '10654-0352' });
      await (await button(/Test connection/)).click();
      http.expectNone(TEST_URL);
      expect(await (await field('Phone number ID')).getTextErrors()).toEqual([
        'Enter the numeric Phone number ID (digits only).',
      ]);
      expect(await (await saveButton()).isDisabled()).toBe(true);
    });

    it('is enabled after a successful test of the current values, which shows the checklist', async () => {
      await fillIn({ ...VALUES, 'Access token': '  EAAGtoken-a1b2 ' });
      const request = await testConnection();

      expect(request.request.body).toEqual({
        phone_number_id: '106540352242922',
        waba_id: '102290129340398',
        access_token: 'EAAGtoken-a1b2',
      });
      expect(await (await saveButton()).isDisabled()).toBe(false);
      expect(checklist()?.textContent).toContain('Connection works');
      expect(checklist()?.querySelectorAll('li')).toHaveLength(5);
      expect(checklist()?.textContent).toContain('Number belongs to the business account');
    });

    it.each(['Phone number ID', 'WhatsApp Business Account ID', 'Access token'])(
      'is disabled again after editing the %s, and the checklist is marked outdated',
      async (label) => {
        await fillIn(VALUES);
        await testConnection();
        expect(await (await saveButton()).isDisabled()).toBe(false);

        await (await input(label)).setValue(label === 'Access token' ? 'EAAGother' : '99999999');

        expect(await (await saveButton()).isDisabled()).toBe(true);
        expect(checklist()?.textContent).toContain('Test outdated');
        await (await saveButton()).click();
        http.expectNone(CREATE_URL);
      },
    );

    it('is enabled again when the tested values are restored', async () => {
      await fillIn(VALUES);
      await testConnection();
      await (await input('Access token')).setValue('EAAGother');
      await (await input('Access token')).setValue(VALUES['Access token']);

      expect(await (await saveButton()).isDisabled()).toBe(false);
    });

    it('stays enabled after editing the label or the app secret', async () => {
      await fillIn(VALUES);
      await testConnection();

      await fillIn({ Label: 'Sales line', 'App secret (optional)': '8f14e45fceea' });

      expect(await (await saveButton()).isDisabled()).toBe(false);
      expect(checklist()?.textContent).toContain('Connection works');
    });

    it('stays disabled after a failed test, which shows the failing step', async () => {
      await fillIn(VALUES);
      await testConnection(aFailedConnectionTest());

      expect(await (await saveButton()).isDisabled()).toBe(true);
      const failed = checklist()?.querySelector('.step-failed');
      expect(failed?.textContent).toContain('Access token accepted');
      expect(failed?.textContent).toContain('Invalid OAuth access token: the token has expired.');
      expect(checklist()?.textContent).toContain('Connection test failed');
      expect(checklist()?.textContent).toContain('The remaining checks were skipped.');
    });
  });

  describe('saving', () => {
    beforeEach(async () => {
      await fillIn({ ...VALUES, 'App secret (optional)': ' 8f14e45fceea ' });
      await testConnection();
    });

    it('creates the account and closes with it', async () => {
      const request = await save();
      expect(request.request.body).toEqual({
        label: 'Support line',
        phone_number_id: '106540352242922',
        waba_id: '102290129340398',
        access_token: 'EAAGtoken-a1b2',
        app_secret: '8f14e45fceea',
      });
      const created = aAccount();
      request.flush(created, { status: 201, statusText: 'Created' });

      await expect(closed).resolves.toEqual(created);
    });

    it('leaves out an empty app secret and requires a label', async () => {
      await fillIn({ Label: '', 'App secret (optional)': '' });
      await (await saveButton()).click();
      http.expectNone(CREATE_URL);
      expect(await (await field('Label')).getTextErrors()).toEqual(['Label is required.']);

      await fillIn({ Label: 'Support line' });
      const request = await save();
      expect(request.request.body).not.toHaveProperty('app_secret');
      request.flush(aAccount(), { status: 201, statusText: 'Created' });
      await closed;
    });

    it('shows a 409 under the phone number ID', async () => {
      (await save()).flush(anErrorBody(409, 'Phone number 106540352242922 is already connected.'), {
        status: 409,
        statusText: 'Conflict',
      });
      await settle();

      expect(await (await field('Phone number ID')).getTextErrors()).toEqual([
        'Phone number 106540352242922 is already connected.',
      ]);
      expect(document.querySelector('mat-dialog-container')).not.toBeNull();
    });

    it('shows the checklist of a 422 and disables Save', async () => {
      const result = aFailedConnectionTest({
        detail: 'Error validating access token: the session was invalidated.',
      });
      (await save()).flush(aConnectionTestFailedBody(result), {
        status: 422,
        statusText: 'Unprocessable Entity',
      });
      // The harness waits for the dialog to be stable, so the checklist is rendered after it.
      expect(await (await saveButton()).isDisabled()).toBe(true);
      expect(checklist()?.textContent).toContain('Connection test failed');
      expect(checklist()?.querySelector('.step-failed')?.textContent).toContain(
        'the session was invalidated',
      );
    });

    it('puts 400 validation messages on the matching fields', async () => {
      (await save()).flush(
        anErrorBody(400, 'Validation failed', [
          { field: 'label', messages: ['label must be shorter than or equal to 100 characters'] },
          { field: 'app_secret', messages: ['app_secret must not contain spaces'] },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();

      expect(await (await field('Label')).getTextErrors()).toEqual([
        'label must be shorter than or equal to 100 characters',
      ]);
      expect(await (await field('App secret (optional)')).getTextErrors()).toEqual([
        'app_secret must not contain spaces',
      ]);
    });
  });
});

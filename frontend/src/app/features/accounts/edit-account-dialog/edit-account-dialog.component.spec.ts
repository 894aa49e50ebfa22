import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { firstValueFrom } from 'rxjs';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import {
  aConnectionTestFailedBody,
  aAccount,
  aFailedConnectionTest,
} from '../../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../../testing/auth-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import { EditAccountDialogComponent } from './edit-account-dialog.component';

@Component({ template: '' })
class HostComponent {}

describe('EditAccountDialogComponent', () => {
  const account = aAccount();
  const url = `/api/whatsapp/accounts/${account.id}`;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let closed: Promise<AccountResponseDto | undefined>;

  const field = (label: string) =>
    loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const input = async (label: string) => (await (await field(label)).getControl(MatInputHarness))!;
  const saveButton = () => loader.getHarness(MatButtonHarness.with({ text: 'Save' }));

  async function save(): Promise<TestRequest> {
    await (await saveButton()).click();
    return http.expectOne({ method: 'PATCH', url });
  }

  function open(data: AccountResponseDto = account): void {
    const ref = TestBed.inject(MatDialog).open<
      EditAccountDialogComponent,
      AccountResponseDto,
      AccountResponseDto
    >(EditAccountDialogComponent, { data });
    closed = firstValueFrom(ref.afterClosed());
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    loader = TestbedHarnessEnvironment.documentRootLoader(TestBed.createComponent(HostComponent));
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.inject(MatDialog).closeAll();
  });

  it('shows the ids read-only and the secrets only as masks', async () => {
    open();
    const dialog = await loader.getHarness(MatDialogHarness);
    const text = await dialog.getText();

    expect(await dialog.getTitleText()).toBe('Edit Support line');
    expect(text).toContain('106540352242922');
    expect(text).toContain('102290129340398');
    expect(text).toContain('••••a1b2');
    expect(text).toContain('••••2543');
    expect(await (await input('Label')).getValue()).toBe('Support line');
    expect(await (await input('New access token (optional)')).getValue()).toBe('');
    // The ids are text, not inputs; the Meta app id is a field.
    expect(await loader.getAllHarnesses(MatFormFieldHarness)).toHaveLength(4);
  });

  it('sets the Meta app id, checked as digits, and removes it when cleared', async () => {
    open();
    const appId = await input('Meta app id (optional)');
    await appId.setValue('12ab');
    await appId.blur();
    const field = await loader.getHarness(
      MatFormFieldHarness.with({ floatingLabelText: 'Meta app id (optional)' }),
    );
    expect(await field.getTextErrors()).toEqual(['Enter the numeric Meta app id (digits only).']);

    await appId.setValue('100000000000999');
    const request = await save();
    expect(request.request.body).toEqual({ app_id: '100000000000999' });
    request.flush(aAccount({ app_id: '100000000000999' }));
    await closed;
  });

  it('saves only what changed, and nothing before something did', async () => {
    open();
    expect(await (await saveButton()).isDisabled()).toBe(true);

    await (await input('Label')).setValue(' Sales line ');
    const request = await save();
    expect(request.request.body).toEqual({ label: 'Sales line' });
    const updated = aAccount({ label: 'Sales line' });
    request.flush(updated);

    await expect(closed).resolves.toEqual(updated);
  });

  it('replaces the token, and shows the checklist when the new token fails', async () => {
    open();
    await (await input('New access token (optional)')).setValue('EAAGnew-c3d4');
    const request = await save();
    expect(request.request.body).toEqual({ access_token: 'EAAGnew-c3d4' });
    request.flush(aConnectionTestFailedBody(aFailedConnectionTest()), {
      status: 422,
      statusText: 'Unprocessable Entity',
    });
    await settle();

    const dialog = await loader.getHarness(MatDialogHarness);
    expect(await dialog.getText()).toContain('The new token failed the connection test');
    const checklist = document.querySelector('app-connection-checklist');
    expect(checklist?.querySelector('.step-failed')?.textContent).toContain(
      'Access token accepted',
    );
    expect(checklist?.textContent).not.toContain('Test outdated');

    await (await input('New access token (optional)')).setValue('EAAGanother');
    expect(checklist?.textContent).toContain('Test outdated');
  });

  it('sets a new app secret', async () => {
    open(aAccount({ app_secret_mask: null }));
    expect(await loader.getAllHarnesses(MatCheckboxHarness)).toHaveLength(0);

    await (await input('App secret (optional)')).setValue('8f14e45fceea');
    const request = await save();
    expect(request.request.body).toEqual({ app_secret: '8f14e45fceea' });
    request.flush(aAccount());
    await closed;
  });

  it('removes the app secret', async () => {
    open();
    await (await loader.getHarness(MatCheckboxHarness)).check();
    expect(await (await input('New app secret (optional)')).isDisabled()).toBe(true);

    const request = await save();
    expect(request.request.body).toEqual({ app_secret: null });
    request.flush(aAccount({ app_secret_mask: null }));
    await closed;
  });

  it('puts 400 validation messages on the matching fields', async () => {
    open();
    await (await input('Label')).setValue('Sales line');
    (await save()).flush(
      anErrorBody(400, 'Validation failed', [{ field: 'label', messages: ['label is too long'] }]),
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();

    expect(await (await field('Label')).getTextErrors()).toEqual(['label is too long']);
  });
});

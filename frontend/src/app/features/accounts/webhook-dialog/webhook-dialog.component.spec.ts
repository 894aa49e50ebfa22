import { Clipboard } from '@angular/cdk/clipboard';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import { aAccount } from '../../../../testing/account-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import { WebhookDialogComponent } from './webhook-dialog.component';

@Component({ template: '' })
class HostComponent {}

describe('WebhookDialogComponent', () => {
  const account = aAccount();
  let loader: HarnessLoader;
  let copy: ReturnType<typeof vi.fn<(text: string) => boolean>>;

  function open(data: AccountResponseDto = account): void {
    TestBed.inject(MatDialog).open(WebhookDialogComponent, { data });
  }

  const copyButton = (what: string) =>
    loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="Copy ${what}"]` }));
  const value = async (label: string) => {
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
    return (await field.getControl(MatInputHarness))!.getValue();
  };

  beforeEach(() => {
    copy = vi.fn<(text: string) => boolean>(() => true);
    TestBed.configureTestingModule({
      providers: [...provideTestApp(), { provide: Clipboard, useValue: { copy } }],
    });
    loader = TestbedHarnessEnvironment.documentRootLoader(TestBed.createComponent(HostComponent));
  });

  afterEach(() => TestBed.inject(MatDialog).closeAll());

  it('shows the callback URL and verify token, and where they go in Meta', async () => {
    open();

    expect(await value('Callback URL')).toBe(account.webhook.callback_url);
    expect(await value('Verify token')).toBe(account.webhook.verify_token);
    const text = await (await loader.getHarness(MatDialogHarness)).getText();
    expect(text).toContain('WhatsApp > Configuration');
    expect(text).toContain('subscribe to the messages field');
    expect(text).toContain("this account's app secret (••••2543)");
  });

  it('says whether a webhook arrived yet, so a set-up that does not work shows', async () => {
    open(aAccount({ last_webhook_at: new Date(Date.now() - 5 * 60_000).toISOString() }));
    const received = () => document.querySelector('.received')?.textContent?.replace(/\s+/g, ' ');
    const dialog = await loader.getHarness(MatDialogHarness);
    expect(received()).toContain(
      'Last webhook 5 minutes ago: Meta reaches Convis for this number.',
    );
    await dialog.close();

    open(aAccount({ last_webhook_at: null }));
    await loader.getHarness(MatDialogHarness);
    expect(document.querySelector('.received')?.classList).toContain('missing');
    expect(received()).toContain('No webhook has arrived yet.');
  });

  it('copies each value and says so', async () => {
    open();

    await (await copyButton('callback URL')).click();
    expect(copy).toHaveBeenLastCalledWith(account.webhook.callback_url);
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      'Copied the callback URL',
    );

    await (await copyButton('verify token')).click();
    expect(copy).toHaveBeenLastCalledWith(account.webhook.verify_token);
  });

  it('tells the user to copy by hand when the browser refuses', async () => {
    copy.mockReturnValue(false);
    open();

    await (await copyButton('verify token')).click();
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      "Couldn't copy the verify token. Select it and copy it by hand.",
    );
  });

  it('mentions the default secret when the account has none', async () => {
    open(aAccount({ app_secret_mask: null }));
    const text = await (await loader.getHarness(MatDialogHarness)).getText();
    expect(text).toContain("server's default app secret");
  });
});

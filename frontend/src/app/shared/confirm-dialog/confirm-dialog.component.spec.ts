import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { provideTestApp } from '../../../testing/test-providers';
import { confirmAction } from './confirm-dialog.component';

@Component({ template: '' })
class HostComponent {}

describe('confirmAction', () => {
  let loader: HarnessLoader;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: provideTestApp() });
    loader = TestbedHarnessEnvironment.documentRootLoader(TestBed.createComponent(HostComponent));
  });

  function ask(): Promise<boolean> {
    return confirmAction(TestBed.inject(MatDialog), {
      title: 'Delete "Support line"?',
      message: 'Its message history is kept.',
      confirmLabel: 'Delete',
      destructive: true,
    });
  }

  it('shows the question and resolves true when confirmed', async () => {
    const answer = ask();
    const dialog = await loader.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete "Support line"?');
    expect(await dialog.getContentText()).toBe('Its message history is kept.');
    expect(await dialog.getRole()).toBe('alertdialog');
    // A stray Enter must not confirm: focus starts on Cancel.
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel');

    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    await expect(answer).resolves.toBe(true);
  });

  it('resolves false on Cancel and when dismissed', async () => {
    const cancelled = ask();
    const dialog = await loader.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await expect(cancelled).resolves.toBe(false);

    const dismissed = ask();
    await (await loader.getHarness(MatDialogHarness)).close();
    await expect(dismissed).resolves.toBe(false);
  });
});

import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { LoadErrorComponent } from './load-error.component';
import { LoadingBarComponent } from './loading-bar.component';
import { PageHeaderComponent } from './page-header.component';

@Component({
  imports: [PageHeaderComponent, LoadingBarComponent, LoadErrorComponent],
  template: `
    <app-page-header heading="Accounts">
      Your numbers.
      <button pageActions type="button">Add account</button>
    </app-page-header>
    <app-loading-bar [loading]="loading()" label="Loading accounts" />
    <app-load-error
      heading="Couldn't load your accounts"
      message="The server is down."
      (retry)="retries = retries + 1"
    />
  `,
})
class PageHost {
  readonly loading = signal(true);
  retries = 0;
}

describe('page scaffolding', () => {
  it('shows the title, subtitle and actions, a loading bar while loading, and a Retry that reports', async () => {
    const fixture = TestBed.createComponent(PageHost);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('h1')?.textContent).toBe('Accounts');
    expect(element.querySelector('.subtitle')?.textContent).toContain('Your numbers.');
    expect(element.querySelector('.actions button')?.textContent).toBe('Add account');
    expect(element.querySelector('mat-progress-bar')?.getAttribute('aria-label')).toBe(
      'Loading accounts',
    );

    fixture.componentInstance.loading.set(false);
    fixture.detectChanges();
    expect(element.querySelector('mat-progress-bar')).toBeNull();

    expect(element.textContent).toContain("Couldn't load your accounts");
    expect(element.textContent).toContain('The server is down.');
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }))).click();
    expect(fixture.componentInstance.retries).toBe(1);
  });
});

import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { setServerError } from '../../core/errors/form-errors';
import { provideTestApp } from '../../../testing/test-providers';
import { requiredValidator } from '../forms/validators';
import { SecretFieldComponent } from './secret-field.component';

@Component({
  imports: [ReactiveFormsModule, SecretFieldComponent],
  template: `
    <form [formGroup]="form">
      <app-secret-field
        [control]="form.controls.token"
        label="Access token"
        name="access token"
        hint="Business Settings > System users."
        required
      />
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  readonly form = new FormGroup({
    token: new FormControl('', { nonNullable: true, validators: [requiredValidator] }),
  });
}

describe('SecretFieldComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let loader: HarnessLoader;
  let token: FormControl<string>;

  const field = () => loader.getHarness(MatFormFieldHarness);
  const input = async () => (await (await field()).getControl(MatInputHarness))!;
  const toggle = (label: string) =>
    loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }));

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideTestApp() });
    fixture = TestBed.createComponent(HostComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    token = fixture.componentInstance.form.controls.token;
    await fixture.whenStable();
  });

  it('shows the label and the hint, and binds the control', async () => {
    expect(await (await field()).getLabel()).toBe('Access token');
    expect(await (await field()).getTextHints()).toEqual(['Business Settings > System users.']);
    expect(await (await input()).isRequired()).toBe(true);

    await (await input()).setValue('EAAGtoken');
    expect(token.value).toBe('EAAGtoken');
  });

  it('masks the value until asked to show it', async () => {
    expect(await (await input()).getType()).toBe('password');

    const show = await toggle('Show access token');
    await show.click();
    expect(await (await input()).getType()).toBe('text');
    expect(await (await show.host()).getAttribute('aria-pressed')).toBe('true');

    await (await toggle('Hide access token')).click();
    expect(await (await input()).getType()).toBe('password');
  });

  it("shows the control's errors once it is touched, named after the secret", async () => {
    expect(await (await field()).getTextErrors()).toEqual([]);

    token.markAsTouched();
    await fixture.whenStable();
    expect(await (await field()).getTextErrors()).toEqual(['Access token is required.']);
  });

  it('shows each new server message, also when the field stays invalid', async () => {
    token.setValue('EAAGtoken');
    setServerError(token, 'The token has expired.');
    await fixture.whenStable();
    expect(await (await field()).getTextErrors()).toEqual(['The token has expired.']);

    setServerError(token, 'The token was revoked.');
    await fixture.whenStable();
    expect(await (await field()).getTextErrors()).toEqual(['The token was revoked.']);
  });

  it('disables the show button with the control', async () => {
    token.disable({ emitEvent: false });
    await fixture.whenStable();
    expect(await (await input()).isDisabled()).toBe(true);
    expect(await (await toggle('Show access token')).isDisabled()).toBe(true);
  });
});

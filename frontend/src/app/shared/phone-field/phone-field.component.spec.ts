import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { setServerError } from '../../core/errors/form-errors';
import { provideTestApp } from '../../../testing/test-providers';
import { requiredValidator } from '../forms/validators';
import { PhoneFieldComponent } from './phone-field.component';
import { internationalPhoneValidator } from './phone-number';

@Component({
  imports: [ReactiveFormsModule, PhoneFieldComponent],
  template: `<app-phone-field [control]="to" label="Recipient" [defaultCountry]="country()" />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  readonly to = new FormControl('', {
    nonNullable: true,
    validators: [requiredValidator, internationalPhoneValidator],
  });
  readonly country = signal<string | null>(null);
}

describe('PhoneFieldComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let loader: HarnessLoader;
  let to: FormControl<string>;

  const field = () =>
    loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Recipient' }));
  const input = async () => (await (await field()).getControl(MatInputHarness))!;
  const country = () => loader.getHarness(MatSelectHarness);
  const errors = async () => (await field()).getTextErrors();
  const hints = async () => (await field()).getTextHints();

  /** Types like a person, key by key, without leaving the field. */
  async function type(text: string): Promise<void> {
    const host = await (await input()).host();
    await host.clear();
    await host.sendKeys(text);
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideTestApp() });
    fixture = TestBed.createComponent(HostComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    to = fixture.componentInstance.to;
    await fixture.whenStable();
  });

  it('takes an international number and shows where it goes', async () => {
    await type('+44 7700 900123');

    expect(to.value).toBe('+447700900123');
    expect(to.valid).toBe(true);
    expect(await (await country()).getValueText()).toBe('+44 GB');
    expect(await hints()).toEqual(['Sends to +44 7700 900123 · United Kingdom']);
  });

  it('complains about letters and too many digits as you type', async () => {
    await type('+44 77a');
    expect(await errors()).toEqual([
      'Use digits only (spaces, dashes and brackets are fine), after a +.',
    ]);

    await type('+44 7700 900123 4567');
    expect(await errors()).toEqual(['Too long: +44 numbers have fewer digits.']);
  });

  it('says "too short" only once the field is left', async () => {
    await type('+44 77');
    expect(to.invalid).toBe(true);
    expect(await errors()).toEqual([]);

    await (await input()).blur();
    await fixture.whenStable();
    expect(await errors()).toEqual(['Too short: +44 numbers have more digits.']);
  });

  it('puts the chosen country before a national number', async () => {
    await (await country()).open();
    await (await country()).clickOptions({ text: '+44 United Kingdom' });
    await type('07700 900123');

    expect(to.value).toBe('+447700900123');
  });

  it('swaps the code of a typed number when another country is chosen', async () => {
    await type('+44 7700 900123');
    await (await country()).open();
    await (await country()).clickOptions({ text: '+353 Ireland' });

    expect(await (await input()).getValue()).toBe('+353 7700900123');
    expect(to.value).toBe('+3537700900123');
  });

  it('asks for a country code when there is none', async () => {
    await type('7700900123');
    expect(await errors()).toEqual(['Start with + and the country code, or choose the country.']);
  });

  it('starts with the default country and adopts numbers set from outside', async () => {
    fixture.componentInstance.country.set('US');
    await fixture.whenStable();
    expect(await (await country()).getValueText()).toBe('+1 US');

    to.setValue('+447700900123');
    await fixture.whenStable();
    expect(await (await input()).getValue()).toBe('+447700900123');
    expect(await (await country()).getValueText()).toBe('+44 GB');
  });

  it('waits for the field to be left when a number may still be typed', async () => {
    // 10 digits after +44: no UK number has that many, but the 11th may be on its way.
    await type('+44 7700 9001');
    expect(to.invalid).toBe(true);
    expect(await errors()).toEqual([]);

    await (await input()).blur();
    await fixture.whenStable();
    expect(await errors()).toEqual(['Check the number: +44 numbers do not have this many digits.']);
  });

  it('says so when no country has the code typed', async () => {
    await type('+999 1234 5678');
    expect(await (await country()).getValueText()).toBe('Other');
    expect(await errors()).toEqual([
      'No country has the code this number starts with: check the digits after +.',
    ]);
  });

  it("shows the server's message under the field", async () => {
    // Only if the server's numbering plans were newer than the console's could this happen.
    await type('+44 7700 900123');
    setServerError(to, 'to is not a valid phone number: +447700900123');
    await fixture.whenStable();
    expect(await errors()).toEqual(['to is not a valid phone number: +447700900123']);
  });
});

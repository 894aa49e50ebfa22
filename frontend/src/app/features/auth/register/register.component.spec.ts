import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { Router } from '@angular/router';
import { anAuthResponse, anErrorBody, settle } from '../../../../testing/auth-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import { RegisterComponent } from './register.component';

describe('RegisterComponent', () => {
  let fixture: ComponentFixture<RegisterComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  const field = (label: string) =>
    loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const submitButton = () => loader.getHarness(MatButtonHarness.with({ text: 'Create account' }));

  async function fillIn(values: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(values)) {
      const control = await (await field(label)).getControl(MatInputHarness);
      await control?.setValue(value);
    }
  }

  const validAccount = {
    'Your name': ' Ada Lovelace ',
    Email: 'ada@example.com',
    Password: 'correct horse battery',
    'Organization name': 'Acme Ltd',
  };

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    fixture = TestBed.createComponent(RegisterComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('requires every field', async () => {
    await (await submitButton()).click();

    expect(await (await field('Your name')).getTextErrors()).toEqual(['Your name is required.']);
    expect(await (await field('Email')).getTextErrors()).toEqual(['Email is required.']);
    expect(await (await field('Password')).getTextErrors()).toEqual(['Password is required.']);
    expect(await (await field('Organization name')).getTextErrors()).toEqual([
      'Organization name is required.',
    ]);
    http.expectNone('/api/auth/register');
  });

  it("holds the password to the API's length rule", async () => {
    await fillIn({ ...validAccount, Password: 'short' });
    await (await submitButton()).click();
    expect(await (await field('Password')).getTextErrors()).toEqual([
      'Password must be at least 8 characters.',
    ]);

    await fillIn({ ...validAccount, Password: 'a long passphrase '.repeat(8) });
    await (await submitButton()).click();
    expect(await (await field('Password')).getTextErrors()).toEqual([
      'Password must be at most 128 characters.',
    ]);
    http.expectNone('/api/auth/register');
  });

  it('creates the account with trimmed names and opens the dashboard', async () => {
    await fillIn(validAccount);
    await (await submitButton()).click();
    expect(await (await submitButton()).isDisabled()).toBe(true);

    const request = http.expectOne({ method: 'POST', url: '/api/auth/register' });
    expect(request.request.body).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'correct horse battery',
      organization_name: 'Acme Ltd',
    });
    request.flush(anAuthResponse(), { status: 201, statusText: 'Created' });
    await settle();

    expect(TestBed.inject(Router).url).toBe('/dashboard');
  });

  it('puts server validation messages on the matching field', async () => {
    await fillIn(validAccount);
    await (await submitButton()).click();

    http
      .expectOne('/api/auth/register')
      .flush(
        anErrorBody(400, 'Validation failed', [
          { field: 'organization_name', messages: ['organization_name must be shorter'] },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();

    expect(await (await field('Organization name')).getTextErrors()).toEqual([
      'organization_name must be shorter',
    ]);
    expect(await (await field('Email')).getTextErrors()).toEqual([]);
  });

  it('shows why the server refused the password under the password field', async () => {
    await fillIn({ ...validAccount, Password: 'password123' });
    await (await submitButton()).click();

    const reason =
      'password is too easy to guess. This is a commonly used password. Add more words that are less common.';
    http
      .expectOne('/api/auth/register')
      .flush(anErrorBody(400, 'Validation failed', [{ field: 'password', messages: [reason] }]), {
        status: 400,
        statusText: 'Bad Request',
      });
    await settle();

    expect(await (await field('Password')).getTextErrors()).toEqual([reason]);
    expect(await (await field('Email')).getTextErrors()).toEqual([]);
  });

  it('says so when the email is already registered', async () => {
    await fillIn(validAccount);
    await (await submitButton()).click();

    http
      .expectOne('/api/auth/register')
      .flush(anErrorBody(409, 'This email is already registered.'), {
        status: 409,
        statusText: 'Conflict',
      });
    await settle();

    expect(await (await field('Email')).getTextErrors()).toEqual([
      'This email is already registered.',
    ]);
  });

  it('shows the message when sign-up is closed', async () => {
    await fillIn(validAccount);
    await (await submitButton()).click();

    http
      .expectOne('/api/auth/register')
      .flush(anErrorBody(403, 'Sign-up is closed on this server.'), {
        status: 403,
        statusText: 'Forbidden',
      });
    await settle();
    await fixture.whenStable();

    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Sign-up is closed on this server.');
    expect(TestBed.inject(Router).url).toBe('/');
  });
});

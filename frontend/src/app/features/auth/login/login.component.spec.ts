import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatProgressSpinnerHarness } from '@angular/material/progress-spinner/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { Router } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { anAuthResponse, anErrorBody, settle } from '../../../../testing/auth-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import { LoginComponent } from './login.component';

describe('LoginComponent', () => {
  let fixture: ComponentFixture<LoginComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  const field = (label: string) =>
    loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const signInButton = () => loader.getHarness(MatButtonHarness.with({ text: 'Sign in' }));

  async function fillIn(email: string, password: string): Promise<void> {
    await (await field('Email')).getControl(MatInputHarness).then((c) => c?.setValue(email));
    await (await field('Password')).getControl(MatInputHarness).then((c) => c?.setValue(password));
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    fixture = TestBed.createComponent(LoginComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows which fields are missing when submitted empty, and sends nothing', async () => {
    await (await signInButton()).click();

    expect(await (await field('Email')).getTextErrors()).toEqual(['Email is required.']);
    expect(await (await field('Password')).getTextErrors()).toEqual(['Password is required.']);
    http.expectNone('/api/auth/login');
  });

  it('checks the email format and the password length', async () => {
    await fillIn('not-an-email', 'short');
    await (await signInButton()).click();

    expect(await (await field('Email')).getTextErrors()).toEqual([
      'Enter a valid email address, like name@example.com.',
    ]);
    expect(await (await field('Password')).getTextErrors()).toEqual([
      'Password must be at least 8 characters.',
    ]);
  });

  it('disables the button and shows a spinner while signing in, then opens the dashboard', async () => {
    await fillIn('ada@example.com', 'correct horse battery');
    await (await signInButton()).click();

    const button = await signInButton();
    expect(await button.isDisabled()).toBe(true);
    expect(await loader.getAllHarnesses(MatProgressSpinnerHarness)).toHaveLength(1);

    const request = http.expectOne({ method: 'POST', url: '/api/auth/login' });
    expect(request.request.body).toEqual({
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
    request.flush(anAuthResponse());
    await settle();
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/dashboard');
    expect(TestBed.inject(AuthService).user()?.name).toBe('Ada Lovelace');
    expect(await button.isDisabled()).toBe(false);
    expect(await loader.getAllHarnesses(MatProgressSpinnerHarness)).toHaveLength(0);
  });

  it('goes back to the returnUrl after signing in', async () => {
    fixture.componentRef.setInput('returnUrl', '/campaigns?page=2');
    await fillIn('ada@example.com', 'correct horse battery');
    await (await signInButton()).click();

    http.expectOne('/api/auth/login').flush(anAuthResponse());
    await settle();

    expect(TestBed.inject(Router).url).toBe('/campaigns?page=2');
  });

  it('shows a server validation message under the field it belongs to', async () => {
    await fillIn('ada@example.com', 'correct horse battery');
    await (await signInButton()).click();

    http
      .expectOne('/api/auth/login')
      .flush(
        anErrorBody(400, 'Validation failed', [
          { field: 'email', messages: ['email must be an email'] },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();

    expect(await (await field('Email')).getTextErrors()).toEqual(['email must be an email']);
    expect(await (await field('Password')).getTextErrors()).toEqual([]);
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('shows wrong accounts in a snackbar', async () => {
    await fillIn('ada@example.com', 'wrong password!');
    await (await signInButton()).click();

    http.expectOne('/api/auth/login').flush(anErrorBody(401, 'Email or password is incorrect.'), {
      status: 401,
      statusText: 'Unauthorized',
    });
    await settle();

    const snackBar =
      await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness);
    expect(await snackBar.getMessage()).toBe('Email or password is incorrect.');
    expect(await (await signInButton()).isDisabled()).toBe(false);
  });
});

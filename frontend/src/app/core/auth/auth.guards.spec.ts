import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { StubPageComponent, provideTestApp } from '../../../testing/test-providers';
import { anAuthResponse } from '../../../testing/auth-fixtures';
import { authGuard, guestGuard } from './auth.guards';
import { AuthService } from './auth.service';

describe('auth guards', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: provideTestApp([
        { path: 'login', canActivate: [guestGuard], component: StubPageComponent },
        { path: 'dashboard', canActivate: [authGuard], component: StubPageComponent },
        { path: 'campaigns', canActivate: [authGuard], component: StubPageComponent },
      ]),
    });
  });

  async function signIn(): Promise<void> {
    const login = TestBed.inject(AuthService).login({ email: 'a@b.co', password: '12345678' });
    TestBed.inject(HttpTestingController).expectOne('/api/auth/login').flush(anAuthResponse());
    await login;
  }

  it('authGuard sends signed-out users to /login with the page they wanted as returnUrl', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/campaigns?status=draft');

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fcampaigns%3Fstatus%3Ddraft');
  });

  it('authGuard lets signed-in users through', async () => {
    await signIn();
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/campaigns');

    expect(TestBed.inject(Router).url).toBe('/campaigns');
  });

  it('guestGuard sends signed-in users from /login to the dashboard', async () => {
    await signIn();
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/login');

    expect(TestBed.inject(Router).url).toBe('/dashboard');
  });

  it('guestGuard shows /login to signed-out users', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/login');

    expect(TestBed.inject(Router).url).toBe('/login');
  });
});

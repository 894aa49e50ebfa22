import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpErrorResponse } from '@angular/common/http';
import { Component, ErrorHandler } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { anErrorBody } from '../../../testing/auth-fixtures';
import { GlobalErrorHandler } from './global-error-handler';

@Component({ template: '' })
class HostComponent {}

describe('GlobalErrorHandler', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: ErrorHandler, useClass: GlobalErrorHandler }],
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => vi.restoreAllMocks());

  async function snackBars() {
    const fixture = TestBed.createComponent(HostComponent);
    return TestbedHarnessEnvironment.documentRootLoader(fixture).getAllHarnesses(
      MatSnackBarHarness,
    );
  }

  it('shows unhandled API errors in a snackbar', async () => {
    TestBed.inject(ErrorHandler).handleError(
      new HttpErrorResponse({ status: 403, error: anErrorBody(403, 'Admins only.') }),
    );

    const [snackBar] = await snackBars();
    expect(await snackBar?.getMessage()).toBe('Admins only.');
    expect(console.error).toHaveBeenCalled();
  });

  it('leaves 401s to the auth interceptor', async () => {
    TestBed.inject(ErrorHandler).handleError(new HttpErrorResponse({ status: 401 }));

    expect(await snackBars()).toHaveLength(0);
  });
});

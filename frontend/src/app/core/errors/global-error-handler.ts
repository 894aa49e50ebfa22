import { ErrorHandler, Injectable, Injector, inject } from '@angular/core';
import { httpStatus } from './api-error';
import { ErrorNotifier } from './error-notifier.service';

/**
 * Catches whatever no component handled (including rejected `api.invoke(...)` promises, which
 * `provideBrowserGlobalErrorListeners()` forwards here) and shows it in a snackbar.
 *
 * 401s are skipped: the auth interceptor already refreshed the session or, when that failed,
 * signed the user out with its own message.
 */
@Injectable()
export class GlobalErrorHandler implements ErrorHandler {
  // Resolved lazily: MatSnackBar pulls in Overlay, which must not be built while the
  // ErrorHandler itself is being created.
  private readonly injector = inject(Injector);

  handleError(error: unknown): void {
    console.error(error);
    if (httpStatus(error) === 401) return;
    try {
      this.injector.get(ErrorNotifier).notify(error);
    } catch (notifyError) {
      console.error('Could not show the error to the user', notifyError);
    }
  }
}

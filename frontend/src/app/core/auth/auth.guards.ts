import { inject } from '@angular/core';
import { type CanActivateChildFn, type CanActivateFn, Router } from '@angular/router';
import { APP_LINKS, HOME_LINK } from '../../app.paths';
import { AuthService } from './auth.service';

/**
 * Signed-in users only. Others go to `/login?returnUrl=<where they were going>`.
 * The session is restored before the first navigation (see `app.config.ts`), so this can be
 * synchronous.
 */
export const authGuard: CanActivateFn & CanActivateChildFn = (_route, state) => {
  if (inject(AuthService).isAuthenticated()) return true;
  return inject(Router).createUrlTree([APP_LINKS.login], {
    queryParams: state.url && state.url !== '/' ? { returnUrl: state.url } : {},
  });
};

/** Sign-in and sign-up pages: signed-in users are sent to the dashboard instead. */
export const guestGuard: CanActivateFn = () => {
  if (!inject(AuthService).isAuthenticated()) return true;
  return inject(Router).parseUrl(HOME_LINK);
};

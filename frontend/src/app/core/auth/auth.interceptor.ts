import {
  HttpErrorResponse,
  type HttpEvent,
  type HttpHandlerFn,
  type HttpInterceptorFn,
  type HttpRequest,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { type Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { login } from '../api/fn/auth/login';
import { logout } from '../api/fn/auth/logout';
import { refreshSession } from '../api/fn/auth/refresh-session';
import { registerOrganization } from '../api/fn/auth/register-organization';
import { AuthService, isAuthRejection } from './auth.service';

/** Same-origin API calls only: a token is never sent to another host. */
const API_PREFIX = '/api/';

/** Endpoints that take credentials in the body: no bearer header and no refresh-on-401. */
const CREDENTIAL_ENDPOINTS: ReadonlySet<string> = new Set([
  login.PATH,
  registerOrganization.PATH,
  refreshSession.PATH,
  logout.PATH,
]);

function needsAccessToken(request: HttpRequest<unknown>): boolean {
  const path = request.url.split('?')[0] ?? '';
  return path.startsWith(API_PREFIX) && !CREDENTIAL_ENDPOINTS.has(path);
}

function withBearer(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/**
 * Adds `Authorization: Bearer <access token>` to `/api` calls. On a 401 it refreshes the token
 * once (concurrent 401s share that refresh, see `AuthService.refreshAccessToken`) and replays the
 * request; when the refresh is refused it signs the user out and sends them to `/login` with a
 * `returnUrl`, and the caller receives the original 401.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!needsAccessToken(request)) return next(request);

  const auth = inject(AuthService);
  const router = inject(Router);
  const sentToken = auth.accessToken();

  return next(withBearer(request, sentToken)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      // Another request already refreshed since this one was sent: just replay it.
      const currentToken = auth.accessToken();
      if (currentToken && currentToken !== sentToken) {
        return next(withBearer(request, currentToken));
      }
      return refreshAndRetry(request, next, auth, router, error);
    }),
  );
};

function refreshAndRetry(
  request: HttpRequest<unknown>,
  next: HttpHandlerFn,
  auth: AuthService,
  router: Router,
  unauthorized: HttpErrorResponse,
): Observable<HttpEvent<unknown>> {
  return from(auth.refreshAccessToken()).pipe(
    catchError((refreshError: unknown) => {
      if (isAuthRejection(refreshError)) {
        const returnUrl = router.currentNavigation()?.finalUrl?.toString() ?? router.url;
        void auth.expireSession(returnUrl);
        return throwError(() => unauthorized);
      }
      return throwError(() => refreshError);
    }),
    switchMap((token) => next(withBearer(request, token))),
  );
}

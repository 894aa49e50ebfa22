import { APP_LINKS, HOME_LINK } from '../../app.paths';

/**
 * Where to go after signing in. Only in-app absolute paths are accepted (no `//host` or
 * `/\host` tricks), and never back to the sign-in or sign-up pages.
 */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  if (!returnUrl?.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\')) {
    return HOME_LINK;
  }
  const path = returnUrl.split(/[?#]/)[0];
  if (path === APP_LINKS.login || path === APP_LINKS.register || path === '/') return HOME_LINK;
  return returnUrl;
}

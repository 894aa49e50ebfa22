/**
 * Every route path of the console, in one typed place. Use `APP_PATHS` in route definitions and
 * `APP_LINKS` (absolute) in `routerLink`s and `router.navigate*` calls, so a renamed route is a
 * compile error rather than a dead link.
 */
export const APP_PATHS = {
  login: 'login',
  register: 'register',
  dashboard: 'dashboard',
  accounts: 'accounts',
  messages: 'messages',
  inbox: 'inbox',
  contacts: 'contacts',
  campaigns: 'campaigns',
  templates: 'templates',
} as const;

export type AppPathKey = keyof typeof APP_PATHS;
export type AppPath = (typeof APP_PATHS)[AppPathKey];
export type AppLink = `/${AppPath}`;

export const APP_LINKS = Object.fromEntries(
  Object.entries(APP_PATHS).map(([key, path]) => [key, `/${path}`]),
) as { readonly [K in AppPathKey]: `/${(typeof APP_PATHS)[K]}` };

/** Pages under `/campaigns`: the wizard and one campaign (`/campaigns/:id`). */
export const CAMPAIGN_PATHS = {
  wizard: 'new',
  detail: ':id',
} as const;

/** Links to the Campaigns pages. */
export const CAMPAIGN_LINKS = {
  list: APP_LINKS.campaigns,
  wizard: `${APP_LINKS.campaigns}/${CAMPAIGN_PATHS.wizard}`,
  /** `/campaigns/<id>`, as `routerLink` commands. */
  detail: (id: string) => [APP_LINKS.campaigns, id] as const,
} as const;

/** Where a signed-in user lands when there is no `returnUrl`. */
export const HOME_LINK: AppLink = APP_LINKS.dashboard;

import type { Routes } from '@angular/router';
import { APP_PATHS } from './app.paths';
import { authGuard, guestGuard } from './core/auth/auth.guards';

/** Every page is a lazily loaded standalone component. Paths come from `APP_PATHS`. */
export const routes: Routes = [
  {
    path: APP_PATHS.login,
    title: 'Sign in',
    canActivate: [guestGuard],
    loadComponent: () =>
      import('./features/auth/login/login.component').then((m) => m.LoginComponent),
  },
  {
    path: APP_PATHS.register,
    title: 'Create account',
    canActivate: [guestGuard],
    loadComponent: () =>
      import('./features/auth/register/register.component').then((m) => m.RegisterComponent),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    loadComponent: () => import('./core/shell/shell.component').then((m) => m.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', redirectTo: APP_PATHS.dashboard },
      {
        path: APP_PATHS.dashboard,
        title: 'Dashboard',
        loadComponent: () =>
          import('./features/dashboard/dashboard.component').then((m) => m.DashboardComponent),
      },
      {
        path: APP_PATHS.accounts,
        title: 'Accounts',
        loadComponent: () =>
          import('./features/accounts/accounts.component').then((m) => m.AccountsComponent),
      },
      {
        path: APP_PATHS.messages,
        title: 'Messages',
        loadComponent: () =>
          import('./features/messages/messages.component').then((m) => m.MessagesComponent),
      },
      {
        path: APP_PATHS.inbox,
        title: 'Inbox',
        loadComponent: () =>
          import('./features/inbox/inbox.component').then((m) => m.InboxComponent),
      },
      {
        path: APP_PATHS.contacts,
        title: 'Contacts',
        loadComponent: () =>
          import('./features/contacts/contacts.component').then((m) => m.ContactsComponent),
      },
      {
        path: APP_PATHS.campaigns,
        loadChildren: () =>
          import('./features/campaigns/campaigns.routes').then((m) => m.CAMPAIGN_ROUTES),
      },
      {
        path: APP_PATHS.templates,
        title: 'Templates',
        loadComponent: () =>
          import('./features/templates/templates.component').then((m) => m.TemplatesComponent),
      },
      {
        path: '**',
        title: 'Page not found',
        loadComponent: () =>
          import('./features/not-found/not-found.component').then((m) => m.NotFoundComponent),
      },
    ],
  },
];

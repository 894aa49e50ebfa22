import type { Routes } from '@angular/router';
import { CAMPAIGN_PATHS } from '../../app.paths';

/** `/campaigns` (the list), `/campaigns/new` (the wizard), `/campaigns/:id` (one campaign). */
export const CAMPAIGN_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Campaigns',
    loadComponent: () => import('./campaigns.component').then((m) => m.CampaignsComponent),
  },
  {
    path: CAMPAIGN_PATHS.wizard,
    title: 'New campaign',
    loadComponent: () =>
      import('./campaign-wizard/campaign-wizard.component').then((m) => m.CampaignWizardComponent),
  },
  {
    path: CAMPAIGN_PATHS.detail,
    title: 'Campaign',
    loadComponent: () =>
      import('./campaign-detail/campaign-detail.component').then((m) => m.CampaignDetailComponent),
  },
];

import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';

/** Campaigns page (placeholder until the feature lands). */
@Component({
  selector: 'app-campaigns',
  imports: [EmptyStateComponent],
  templateUrl: './campaigns.component.html',
  styleUrl: './campaigns.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignsComponent {}

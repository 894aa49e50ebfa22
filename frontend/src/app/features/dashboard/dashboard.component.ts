import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatAnchor } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { APP_LINKS } from '../../app.paths';
import { AuthService } from '../../core/auth/auth.service';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';

/** Landing page after sign-in. */
@Component({
  selector: 'app-dashboard',
  imports: [EmptyStateComponent, MatAnchor, MatIcon, RouterLink],
  templateUrl: './dashboard.component.html',
  styleUrl: './dashboard.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardComponent {
  private readonly user = inject(AuthService).user;

  protected readonly links = APP_LINKS;
  protected readonly firstName = computed(() => this.user()?.name.trim().split(/\s+/)[0] ?? '');
  protected readonly organizationName = computed(() => this.user()?.organization.name ?? '');
}

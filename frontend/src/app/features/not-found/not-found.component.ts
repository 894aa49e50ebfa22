import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatAnchor } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { HOME_LINK } from '../../app.paths';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';

/** Shown for any unknown URL inside the console. */
@Component({
  selector: 'app-not-found',
  imports: [EmptyStateComponent, MatAnchor, RouterLink],
  templateUrl: './not-found.component.html',
  styleUrl: './not-found.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundComponent {
  protected readonly homeLink = HOME_LINK;
}

import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatAnchor } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { APP_LINKS } from '../../app.paths';
import { EmptyStateComponent } from './empty-state.component';

/**
 * The first step of a page that needs a WhatsApp number: "Connect a WhatsApp account first",
 * why this page needs one (`message`), and a link to the Accounts page.
 */
@Component({
  selector: 'app-connect-account-first',
  imports: [EmptyStateComponent, MatAnchor, MatIcon, RouterLink],
  template: `
    <app-empty-state
      [icon]="icon()"
      heading="Connect a WhatsApp account first"
      [message]="message()"
    >
      <a mat-flat-button emptyStateAction [routerLink]="accountsLink">
        <mat-icon>add</mat-icon>
        Connect an account
      </a>
    </app-empty-state>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectAccountFirstComponent {
  readonly message = input.required<string>();
  /** A Material Symbols name. */
  readonly icon = input('contact_phone');
  protected readonly accountsLink = APP_LINKS.accounts;
}

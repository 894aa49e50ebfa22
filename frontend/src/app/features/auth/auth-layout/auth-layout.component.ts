import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCard, MatCardContent, MatCardHeader } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { APP_NAME } from '../../../app-title.strategy';
import { ThemeToggleComponent } from '../../../shared/theme-toggle/theme-toggle.component';

/** Centered card used by the sign-in and sign-up pages. The form is projected inside. */
@Component({
  selector: 'app-auth-layout',
  imports: [MatCard, MatCardHeader, MatCardContent, MatIcon, ThemeToggleComponent],
  templateUrl: './auth-layout.component.html',
  styleUrl: './auth-layout.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuthLayoutComponent {
  readonly heading = input.required<string>();
  readonly subheading = input<string>('');

  protected readonly appName = APP_NAME;
}

import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH } from '@convis/contracts';
import { APP_LINKS } from '../../../app.paths';
import { AuthService } from '../../../core/auth/auth.service';
import { safeReturnUrl } from '../../../core/auth/return-url';
import { applyServerFieldErrors } from '../../../core/errors/form-errors';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { fieldErrorMessage } from '../../../shared/forms/field-error';
import { emailValidator, requiredValidator } from '../../../shared/forms/validators';
import { SecretFieldComponent } from '../../../shared/secret-field/secret-field.component';
import { AuthLayoutComponent } from '../auth-layout/auth-layout.component';

/** `/login`: email + password. Goes to `returnUrl` (or the dashboard) when signed in. */
@Component({
  selector: 'app-login',
  imports: [
    AuthLayoutComponent,
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatError,
    MatInput,
    MatButton,
    SecretFieldComponent,
    ButtonSpinnerComponent,
    RouterLink,
  ],
  templateUrl: './login.component.html',
  styleUrl: './login.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly errors = inject(ErrorNotifier);

  /** `?returnUrl=` query parameter, bound by the router. */
  readonly returnUrl = input<string>();

  protected readonly links = APP_LINKS;
  protected readonly errorMessage = fieldErrorMessage;
  protected readonly submitting = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [requiredValidator, emailValidator]],
    password: ['', [requiredValidator, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    try {
      await this.auth.login(this.form.getRawValue());
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      if (!applyServerFieldErrors(this.form, error)) this.errors.notify(error);
    } finally {
      this.submitting.set(false);
    }
  }
}

import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@convis/contracts';
import { APP_LINKS, HOME_LINK } from '../../../app.paths';
import { AuthService } from '../../../core/auth/auth.service';
import { apiErrorBody, httpStatus } from '../../../core/errors/api-error';
import { applyServerFieldErrors, setServerError } from '../../../core/errors/form-errors';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { fieldErrorMessage } from '../../../shared/forms/field-error';
import { emailValidator, requiredValidator } from '../../../shared/forms/validators';
import { SecretFieldComponent } from '../../../shared/secret-field/secret-field.component';
import { AuthLayoutComponent } from '../auth-layout/auth-layout.component';

/** `/register`: creates an organization and its first admin, then signs in. */
@Component({
  selector: 'app-register',
  imports: [
    AuthLayoutComponent,
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatError,
    MatIcon,
    MatInput,
    MatButton,
    SecretFieldComponent,
    ButtonSpinnerComponent,
    RouterLink,
  ],
  templateUrl: './register.component.html',
  styleUrl: './register.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegisterComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly errors = inject(ErrorNotifier);

  protected readonly links = APP_LINKS;
  protected readonly errorMessage = fieldErrorMessage;
  protected readonly submitting = signal(false);
  /** Set when the server refuses sign-ups (403). */
  protected readonly signupClosed = signal<string | null>(null);
  // Control names are the API's JSON field names, so 400 details map onto them one to one.
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [requiredValidator, Validators.maxLength(NAME_MAX_LENGTH)]],
    email: ['', [requiredValidator, emailValidator]],
    password: [
      '',
      [
        requiredValidator,
        Validators.minLength(PASSWORD_MIN_LENGTH),
        Validators.maxLength(PASSWORD_MAX_LENGTH),
      ],
    ],
    organization_name: ['', [requiredValidator, Validators.maxLength(NAME_MAX_LENGTH)]],
  });

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.signupClosed.set(null);
    try {
      const { name, email, password, organization_name } = this.form.getRawValue();
      await this.auth.register({
        name: name.trim(),
        email: email.trim(),
        password,
        organization_name: organization_name.trim(),
      });
      await this.router.navigateByUrl(HOME_LINK);
    } catch (error) {
      this.handleError(error);
    } finally {
      this.submitting.set(false);
    }
  }

  private handleError(error: unknown): void {
    const status = httpStatus(error);
    const message = apiErrorBody(error)?.message;
    if (status === 403) {
      this.signupClosed.set(message ?? 'Sign-up is closed. Ask an administrator for an account.');
    } else if (status === 409) {
      setServerError(
        this.form.controls.email,
        message ?? 'An account with this email already exists.',
      );
    } else if (!applyServerFieldErrors(this.form, error)) {
      this.errors.notify(error);
    }
  }
}

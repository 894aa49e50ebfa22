import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { fieldErrorMessage } from '../../../../shared/forms/field-error';
import { followControl } from '../../../../shared/forms/follow-control';
import type { LocationForm } from './location-message';

/** A location pin: coordinates, and an optional place name and address. */
@Component({
  selector: 'app-location-form',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatInput],
  templateUrl: './location-form.component.html',
  styleUrl: './location-form.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LocationFormComponent {
  readonly form = input.required<LocationForm>();

  protected readonly errorMessage = fieldErrorMessage;
  // Followed only so server messages show on this OnPush view.
  protected readonly value = followControl(() => this.form());
}

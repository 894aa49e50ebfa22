import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { CONNECTION_STEP_KEY } from '../../../core/api/models/connection-step-key-array';
import type { ConnectionTestResponseDto } from '../../../core/api/models/connection-test-response-dto';
import { failingStep, qualityView } from '../account-display';

/**
 * The outcome of a connection test: the overall result, then each step with a check or a cross,
 * its name and what Meta said. Used by the add and edit dialogs.
 */
@Component({
  selector: 'app-connection-checklist',
  imports: [MatIcon],
  templateUrl: './connection-checklist.component.html',
  styleUrl: './connection-checklist.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionChecklistComponent {
  readonly result = input.required<ConnectionTestResponseDto>();
  /** The values were edited after this test: it no longer says anything about them. */
  readonly outdated = input(false);

  protected readonly failed = computed(() => failingStep(this.result()));
  protected readonly quality = computed(() => qualityView(this.result().quality_rating));
  /** Steps the backend did not run because an earlier one failed. */
  protected readonly skipped = computed(
    () => !this.result().success && this.result().steps.length < CONNECTION_STEP_KEY.length,
  );
  protected readonly state = computed(() =>
    this.outdated() ? 'outdated' : this.result().success ? 'passed' : 'failed',
  );
}

import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { SKIP_REASON_TEXT } from '@convis/contracts';
import type { AudienceReportDto } from '../../../core/api/models/audience-report-dto';
import { formatCount } from '../../../shared/format/number';
import { skippedByReason } from '../campaign-display';

/**
 * What one audience addition did: rows read, recipients added, rows skipped by reason, the CSV
 * columns read for the number and each variable, and the first problem lines.
 */
@Component({
  selector: 'app-audience-report',
  imports: [MatIcon],
  template: `
    @let r = report();
    <p class="headline" role="status">
      <mat-icon aria-hidden="true">{{ r.added > 0 ? 'task_alt' : 'warning' }}</mat-icon>
      <span
        ><strong>{{ count(r.added) }}</strong> of {{ count(r.rows) }}
        {{ r.rows === 1 ? 'row' : 'rows' }} added{{ skipped().length ? ';' : '.' }}
        @if (skipped().length) {
          {{ count(skippedCount()) }} skipped.
        }
      </span>
    </p>
    @if (skipped().length) {
      <ul class="skipped" aria-label="Skipped rows by reason">
        @for (item of skipped(); track item.reason) {
          <li>
            <span class="count">{{ count(item.count) }}</span> {{ item.text }}
          </li>
        }
      </ul>
    }
    @if (mapping().length) {
      <table class="table" aria-label="Columns read">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Used for</th>
          </tr>
        </thead>
        <tbody>
          @for (entry of mapping(); track entry.field) {
            <tr>
              <td>{{ entry.column }}</td>
              <td>{{ entry.label }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
    @if (r.problems.length) {
      <table class="table" aria-label="Rows skipped">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">To</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          @for (problem of problems(); track $index) {
            <tr>
              <td>{{ problem.line }}</td>
              <td>{{ problem.to || '(empty)' }}</td>
              <td>
                {{ reasonText[problem.reason] }}{{ problem.detail ? ': ' + problem.detail : '' }}
              </td>
            </tr>
          }
        </tbody>
      </table>
      @if (r.problems.length < skippedCount()) {
        <p class="note">The first {{ r.problems.length }} skipped rows are listed.</p>
      }
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .headline {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0;
      font: var(--mat-sys-body-large);
    }
    .skipped {
      margin: 0;
      padding-left: 20px;
      font: var(--mat-sys-body-medium);
    }
    .count {
      font-weight: 500;
    }
    .table {
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
      th,
      td {
        text-align: start;
        padding: 4px 12px 4px 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
        vertical-align: top;
      }
      th {
        font: var(--mat-sys-label-large);
        color: var(--mat-sys-on-surface-variant);
      }
    }
    .note {
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AudienceReportComponent {
  readonly report = input.required<AudienceReportDto>();

  protected readonly count = formatCount;
  protected readonly reasonText = SKIP_REASON_TEXT;
  /** By line: the server lists duplicates after the other problems of a batch. */
  protected readonly problems = computed(() =>
    [...this.report().problems].sort((a, b) => a.line - b.line),
  );
  protected readonly skipped = computed(() => skippedByReason(this.report().skipped));
  protected readonly skippedCount = computed(() =>
    this.skipped().reduce((sum, item) => sum + item.count, 0),
  );
  /** "phone → Phone number", "first_name → Body {{first_name}}". */
  protected readonly mapping = computed(() => {
    const { mapping, campaign } = this.report();
    return Object.entries(mapping).map(([field, column]) => {
      const variable = campaign.variables.find((v) => v.key === field);
      const part = variable ? `${variable.part[0].toUpperCase()}${variable.part.slice(1)}` : '';
      return {
        field,
        column,
        label: field === 'to' ? 'Phone number' : variable ? `${part} {{${variable.name}}}` : field,
      };
    });
  });
}

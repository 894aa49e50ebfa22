import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The top of a page: its title, a sentence under it (projected content) and, on the right, the
 * page's main actions (projected with the `pageActions` attribute):
 *
 * ```html
 * <app-page-header heading="Accounts">
 *   Your WhatsApp Business numbers.
 *   <button mat-flat-button pageActions>Add account</button>
 * </app-page-header>
 * ```
 */
@Component({
  selector: 'app-page-header',
  template: `
    <header class="header">
      <div class="titles">
        <h1>{{ heading() }}</h1>
        <p class="subtitle"><ng-content /></p>
      </div>
      <div class="actions"><ng-content select="[pageActions]" /></div>
    </header>
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 16px;
    }
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: 16px;
    }
    h1 {
      margin-bottom: 4px;
    }
    .subtitle {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-large);
    }
    .actions:empty {
      display: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PageHeaderComponent {
  readonly heading = input.required<string>();
}

import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { formatWhatsApp } from './whatsapp-format';

/**
 * A message text with WhatsApp's formatting drawn (`*bold*`, `_italic_`, `~strike~`,
 * ```` ```mono``` ````, `` `code` ``) and its web addresses as links that open in a new tab
 * without giving the page a handle on the console (`rel="noopener noreferrer"`). Only `http:` and
 * `https:` addresses become links; the text is only ever interpolated, never rendered as HTML.
 *
 * It is inline: put it in a `<p>` (with `white-space: pre-wrap` to keep line breaks) or a cell.
 * A click on a link does not reach the elements around it, so a link in a clickable table row
 * opens the link, not the row.
 *
 * ```html
 * <p class="body"><app-formatted-text [text]="message.text" /></p>
 * ```
 */
@Component({
  selector: 'app-formatted-text',
  templateUrl: './formatted-text.component.html',
  styleUrl: './formatted-text.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '(click)': 'keepLinkEvent($event)',
    '(keydown.enter)': 'keepLinkEvent($event)',
  },
})
export class FormattedTextComponent {
  readonly text = input<string | null | undefined>('');
  /** Values of template placeholders (see `formatWhatsApp`); braces are plain text without. */
  readonly params = input<Readonly<Record<string, string>> | null | undefined>(null);

  protected readonly spans = computed(() => {
    const text = this.text();
    return text ? formatWhatsApp(text, this.params()) : [];
  });

  /** A link handles its own click and Enter: the row or card around it must not as well. */
  protected keepLinkEvent(event: Event): void {
    if (event.target instanceof Element && event.target.closest('a')) event.stopPropagation();
  }
}

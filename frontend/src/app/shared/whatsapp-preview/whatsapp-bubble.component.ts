import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { FormattedTextComponent } from './formatted-text.component';
import type {
  BubbleAttachmentKind,
  BubbleButton,
  BubbleStatus,
  WhatsAppBubble,
} from './whatsapp-message';

const ATTACHMENT_ICONS: Readonly<Record<BubbleAttachmentKind, string>> = {
  image: 'image',
  video: 'videocam',
  audio: 'mic',
  document: 'description',
  sticker: 'sticky_note_2',
  location: 'location_on',
  link: 'link',
  contact: 'person',
};
const ATTACHMENT_NAMES: Readonly<Record<BubbleAttachmentKind, string>> = {
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  document: 'Document',
  sticker: 'Sticker',
  location: 'Location',
  link: 'Link preview',
  contact: 'Contact',
};
const BUTTON_ICONS: Readonly<Record<BubbleButton['kind'], string>> = {
  reply: 'reply',
  link: 'open_in_new',
  call: 'call',
  copy: 'content_copy',
  list: 'format_list_bulleted',
};
const STATUS_VIEW: Readonly<Record<BubbleStatus, { icon: string; label: string }>> = {
  pending: { icon: 'schedule', label: 'Pending' },
  sent: { icon: 'done', label: 'Sent' },
  delivered: { icon: 'done_all', label: 'Delivered' },
  read: { icon: 'done_all', label: 'Read' },
  failed: { icon: 'error', label: 'Failed' },
};
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * One WhatsApp message drawn like WhatsApp does: a bubble with a tail (outgoing on the right, in
 * green; incoming on the left), an optional quote, header (text, or a media/location
 * placeholder), the body with WhatsApp's formatting and its web addresses as links, a footer, the
 * time with ticks, and its buttons under it. Template placeholders show their values as they are typed, or a highlighted
 * `{{1}}` while empty. Text is only ever interpolated, never rendered as HTML.
 *
 * Real media (a photo, a player) goes inside the bubble, above the text, with the `bubbleMedia`
 * attribute: `<app-whatsapp-bubble …><img bubbleMedia [src]="url" alt="…" /></app-whatsapp-bubble>`.
 *
 * Put bubbles in an `<app-whatsapp-chat>` for the chat wallpaper:
 *
 * ```html
 * <app-whatsapp-chat>
 *   <app-whatsapp-bubble [message]="{ body: 'Hi *Ada*' }" status="read" [time]="sentAt" />
 *   <app-whatsapp-bubble direction="in" [message]="{ body: 'Thanks!' }" [time]="receivedAt" />
 * </app-whatsapp-chat>
 * ```
 */
@Component({
  selector: 'app-whatsapp-bubble',
  imports: [FormattedTextComponent, MatIcon],
  templateUrl: './whatsapp-bubble.component.html',
  styleUrl: './whatsapp-bubble.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.in]': "direction() === 'in'" },
})
export class WhatsAppBubbleComponent {
  readonly message = input.required<WhatsAppBubble>();
  /** `out`: sent by the business (right, green); `in`: from the customer (left). */
  readonly direction = input<'out' | 'in'>('out');
  /** When it was sent or received; the time of creation when not given. */
  readonly time = input<string | number | Date | null>(null);
  /** Ticks of an outgoing message; none when `null`. */
  readonly status = input<BubbleStatus | null>(null);
  /** Shown in a muted style when the message has no body, header or footer yet. */
  readonly emptyText = input('');

  private readonly createdAt = new Date();

  protected readonly header = computed(() => {
    const header = this.message().header;
    if (!header) return null;
    if (header.kind === 'text') {
      return header.text.trim()
        ? { kind: 'text' as const, text: header.text, params: header.params ?? null }
        : null;
    }
    return {
      kind: 'attachment' as const,
      type: header.kind,
      icon: ATTACHMENT_ICONS[header.kind],
      label: header.label?.trim() || ATTACHMENT_NAMES[header.kind],
      detail: header.detail?.trim() || null,
    };
  });
  protected readonly body = computed(() => {
    const { body, bodyParams } = this.message();
    return body?.trim() ? { text: body, params: bodyParams ?? null } : null;
  });
  protected readonly footer = computed(() => this.message().footer?.trim() || null);
  protected readonly buttons = computed(() =>
    (this.message().buttons ?? [])
      .filter((button) => button.text.trim())
      .map((button) => ({ ...button, icon: BUTTON_ICONS[button.kind] })),
  );
  protected readonly isEmpty = computed(() => !this.header() && !this.body() && !this.footer());
  /** The last text block, which holds the space the time needs on its last line. */
  protected readonly lastBlock = computed(() =>
    this.footer()
      ? 'footer'
      : this.body() || (this.isEmpty() && this.emptyText())
        ? 'body'
        : this.header()?.kind === 'text'
          ? 'header'
          : 'none',
  );
  protected readonly timeText = computed(() => {
    const date = new Date(this.time() ?? this.createdAt);
    return Number.isNaN(date.getTime()) ? '' : TIME_FORMAT.format(date);
  });
  protected readonly statusView = computed(() => {
    const status = this.status();
    return status && this.direction() === 'out' ? { status, ...STATUS_VIEW[status] } : null;
  });
}

/** What a header shows besides text: a media or location placeholder (the file is not loaded). */
export type BubbleAttachmentKind =
  'image' | 'video' | 'audio' | 'document' | 'sticker' | 'location' | 'link' | 'contact';

export type BubbleHeader =
  | {
      readonly kind: 'text';
      readonly text: string;
      /** Values of the header's template placeholders (see `WhatsAppBubble.bodyParams`). */
      readonly params?: Readonly<Record<string, string>> | null;
    }
  | {
      readonly kind: BubbleAttachmentKind;
      /** A file name, a link or a place name; a generic word ("Image") when absent. */
      readonly label?: string | null;
      /** A second line, e.g. an address. */
      readonly detail?: string | null;
    };

/** A button under the bubble: template and reply buttons, or the button that opens a list. */
export interface BubbleButton {
  readonly text: string;
  /** `reply` quick reply, `link` URL, `call` phone number, `copy` copy code, `list` open a list. */
  readonly kind: 'reply' | 'link' | 'call' | 'copy' | 'list';
}

/** Delivery state of an outgoing message, shown as WhatsApp's clock and ticks. */
export type BubbleStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/**
 * One WhatsApp message as a bubble shows it. Texts use WhatsApp's formatting (`*bold*`,
 * `_italic_`, `~strike~`, ```` ```mono``` ````); they are rendered as text, never as HTML.
 */
export interface WhatsAppBubble {
  readonly header?: BubbleHeader | null;
  readonly body?: string | null;
  readonly footer?: string | null;
  readonly buttons?: readonly BubbleButton[];
  /** The quoted message of a reply. */
  readonly quote?: string | null;
  /**
   * Values of a template body's placeholders, by name (`1`, `order_id`). When set, `{{name}}` in
   * the body shows the value, or a highlighted `{{name}}` while it is empty; when not, braces are
   * ordinary text.
   */
  readonly bodyParams?: Readonly<Record<string, string>> | null;
}

import type { SentTemplateDto } from '../../core/api/models/sent-template-dto';
import type { BubbleButton, WhatsAppBubble } from './whatsapp-message';

const BUTTON_KINDS: Readonly<Record<string, BubbleButton['kind']>> = {
  quick_reply: 'reply',
  url: 'link',
  phone_number: 'call',
  copy_code: 'copy',
};

/** A template message as the customer received it (variables filled in by the API), as a bubble. */
export function sentTemplateBubble(template: SentTemplateDto): WhatsAppBubble {
  const header = template.header;
  return {
    header: !header
      ? null
      : header.format === 'text'
        ? { kind: 'text', text: header.text ?? '' }
        : { kind: header.format },
    body: template.body,
    footer: template.footer,
    buttons: template.buttons.map((button) => ({
      text: button.text,
      kind: BUTTON_KINDS[button.type] ?? 'reply',
    })),
  };
}

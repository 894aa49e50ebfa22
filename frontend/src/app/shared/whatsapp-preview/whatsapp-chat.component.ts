import { ChangeDetectionStrategy, Component } from '@angular/core';

/**
 * The chat wallpaper behind `<app-whatsapp-bubble>`s (WhatsApp's beige, or its dark blue-grey in
 * the dark theme), with the bubbles stacked. Give it an `aria-label` where it stands alone, e.g.
 * "Preview".
 */
@Component({
  selector: 'app-whatsapp-chat',
  templateUrl: './whatsapp-chat.component.html',
  styleUrl: './whatsapp-chat.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WhatsAppChatComponent {}

import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { formatBadgeCount } from './shared/format/number';

export const APP_NAME = 'Convis WhatsApp';

/**
 * Page titles read "Inbox · Convis WhatsApp", and "(3) Inbox · Convis WhatsApp" while three
 * conversations are unread (the shell sets the count), so a background tab shows new messages.
 * Provided in the root and as the router's `TitleStrategy` (`useExisting`).
 */
@Injectable({ providedIn: 'root' })
export class AppTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private page: string | undefined;
  private unread = 0;

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.page = this.buildTitle(snapshot);
    this.render();
  }

  /** The unread conversations shown before the page's name (0: none). */
  setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    this.render();
  }

  private render(): void {
    const name = this.page ? `${this.page} · ${APP_NAME}` : APP_NAME;
    this.title.setTitle(this.unread > 0 ? `(${formatBadgeCount(this.unread)}) ${name}` : name);
  }
}

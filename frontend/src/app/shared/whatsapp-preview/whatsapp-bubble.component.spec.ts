import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideTestApp } from '../../../testing/test-providers';
import { WhatsAppBubbleComponent } from './whatsapp-bubble.component';
import type { BubbleStatus, WhatsAppBubble } from './whatsapp-message';

@Component({
  imports: [WhatsAppBubbleComponent],
  template: `<app-whatsapp-bubble
    [message]="message()"
    [direction]="direction()"
    [status]="status()"
    time="2026-11-24T09:05:00"
    emptyText="Nothing yet"
  />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  readonly message = signal<WhatsAppBubble>({ body: 'Hi' });
  readonly direction = signal<'in' | 'out'>('out');
  readonly status = signal<BubbleStatus | null>(null);
}

describe('WhatsAppBubbleComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  const host = () => fixture.componentInstance;
  const bubble = () => fixture.nativeElement.querySelector('app-whatsapp-bubble') as HTMLElement;
  const text = (selector: string) =>
    bubble().querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

  async function render(message: WhatsAppBubble): Promise<void> {
    host().message.set(message);
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideTestApp() });
    fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
  });

  it('draws a template: header, formatted body, footer, time and buttons', async () => {
    await render({
      header: { kind: 'text', text: 'Order {{1}}', params: { 1: 'A-1' } },
      body: 'Hi *{{1}}*, see {{2}}',
      bodyParams: { 1: 'Ada', 2: '' },
      footer: 'Acme',
      buttons: [
        { text: 'Track', kind: 'link' },
        { text: 'Stop', kind: 'reply' },
      ],
    });

    expect(text('.header-text')).toBe('Order A-1');
    expect(text('.body .bold')).toBe('Ada');
    expect(text('.body .placeholder')).toBe('{{2}}');
    expect(text('.footer')).toBe('Acme');
    expect(text('.time')).toMatch(/09:05/);
    expect([...bubble().querySelectorAll('.button')].map((b) => b.textContent?.trim())).toEqual([
      'open_in_new Track',
      'reply Stop',
    ]);
  });

  it('opens the links of a text in a new tab, safely, and keeps other schemes as text', async () => {
    await render({
      body: 'Pay at https://pay.example/i/42 _now_ or javascript:steal(document.cookie)',
    });

    const links = [...bubble().querySelectorAll('.body a')] as HTMLAnchorElement[];
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['https://pay.example/i/42', 'https://pay.example/i/42'],
    ]);
    expect(links[0]?.target).toBe('_blank');
    expect(links[0]?.rel).toBe('noopener noreferrer');
    expect(text('.body .italic')).toBe('now');
    expect(text('.body')).toContain('javascript:steal(document.cookie)');
    // Line breaks show (pre-wrap): the text must come out exactly, with no whitespace added.
    expect(bubble().querySelector('.body app-formatted-text')?.textContent).toBe(
      'Pay at https://pay.example/i/42 now or javascript:steal(document.cookie)',
    );
  });

  it('shows media and locations as placeholders, never loading the file', async () => {
    await render({ header: { kind: 'image', label: 'https://x.example/a.png' }, body: 'Menu' });
    expect(text('.attachment-icon')).toBe('image');
    expect(text('.attachment-label')).toBe('https://x.example/a.png');
    expect(bubble().querySelector('img')).toBeNull();

    await render({ header: { kind: 'location', label: 'Acme Store', detail: 'Dam 1' } });
    expect(text('.attachment-label')).toBe('Acme Store');
    expect(text('.attachment-detail')).toBe('Dam 1');
  });

  it('shows the ticks of outgoing messages only, and the empty text', async () => {
    host().status.set('read');
    await render({ body: '' });
    expect(text('.empty')).toBe('Nothing yet');
    expect(text('.status')).toBe('done_all');
    expect(bubble().querySelector('.status')?.classList).toContain('read');
    expect(text('.meta .visually-hidden')).toBe('Read');

    host().direction.set('in');
    await fixture.whenStable();
    expect(bubble().classList).toContain('in');
    expect(bubble().querySelector('.status')).toBeNull();
  });
});

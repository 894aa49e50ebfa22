import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { MediaFileDto } from '../../core/api/models/media-file-dto';
import type { MessageDetailDto } from '../../core/api/models/message-detail-dto';
import { aMediaFile } from '../../features/inbox/testing/inbox-fixtures';
import { settle } from '../../../testing/auth-fixtures';
import { provideFakeRealtime } from '../../../testing/fake-realtime';
import { aMessage, aMessageDetail, aStatusEvent } from '../../../testing/message-fixtures';
import { provideTestApp } from '../../../testing/test-providers';
import { MessageDetailComponent } from './message-detail.component';

@Component({
  imports: [MessageDetailComponent],
  template: '<app-message-detail [messageId]="id()" />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  readonly id = signal(aMessage().id);
}

/** A text the contact sent, as `GET /api/whatsapp/messages/:id` gives it. */
function anInboundText(body: string, overrides: Partial<MessageDetailDto> = {}): MessageDetailDto {
  const message = aMessage({
    direction: 'in',
    from: '15550101234',
    to: '15550100001',
    status: 'received',
    message_type: 'text',
    preview_text: body.slice(0, 500),
    received_at: '2026-11-24T11:40:00.000Z',
  });
  return aMessageDetail(message, {
    content: { from: message.from, id: 'wamid.in', type: 'text', text: { body } },
    timeline: [],
    pricing: null,
    ...overrides,
  });
}

describe('MessageDetailComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let http: HttpTestingController;
  const panel = () => fixture.nativeElement.querySelector('app-message-detail') as HTMLElement;
  const squash = (text: string | null | undefined) => text?.replace(/\s+/g, ' ').trim();

  /** Opens the panel on `detail`'s message and answers its request with `detail`. */
  async function show(detail: MessageDetailDto): Promise<void> {
    fixture = TestBed.createComponent(HostComponent);
    fixture.componentInstance.id.set(detail.id);
    await settle();
    http.expectOne(`/api/whatsapp/messages/${detail.id}`).flush(detail);
    await settle();
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [...provideTestApp(), provideFakeRealtime()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it("shows the whole text with WhatsApp's formatting, and its links open in a new tab", async () => {
    const tail = ' more'.repeat(120);
    await show(anInboundText(`*Hi* _there_, \`\`\`code\`\`\` at https://x.example/a_b${tail}`));

    const text = panel().querySelector('.preview') as HTMLElement;
    expect(text.querySelector('.bold')?.textContent).toBe('Hi');
    expect(text.querySelector('.italic')?.textContent).toBe('there');
    expect(text.querySelector('.mono')?.textContent).toBe('code');
    const link = text.querySelector('a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://x.example/a_b');
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
    // The list's preview stops at 500 characters; the drawer shows the message in full.
    expect(squash(text.textContent)).toBe(squash(`Hi there, code at https://x.example/a_b${tail}`));
  });

  describe('media', () => {
    /** A photo we uploaded and sent by its media id, with a caption. */
    const anUploadedPhoto = () =>
      aMessageDetail(aMessage({ message_type: 'image', preview_text: 'Your receipt' }), {
        content: {
          messaging_product: 'whatsapp',
          to: '15550101234',
          type: 'image',
          image: { id: '1037543291543636', caption: 'Your *receipt*' },
        },
      });
    /** Opens the panel on `detail` and answers the lookup of its media file with `files`. */
    const lookUp = async (detail: MessageDetailDto, files: MediaFileDto[]) => {
      // Not show(): the panel is not stable until its media file was looked up.
      fixture = TestBed.createComponent(HostComponent);
      fixture.componentInstance.id.set(detail.id);
      await settle();
      http.expectOne(`/api/whatsapp/messages/${detail.id}`).flush(detail);
      await settle();
      const lookup = await vi.waitFor(() =>
        http.expectOne((request) => request.url === '/api/whatsapp/media'),
      );
      expect(lookup.request.params.get('message_id')).toBe(detail.id);
      lookup.flush(files);
      await settle();
      await fixture.whenStable();
    };

    beforeEach(() => {
      URL.createObjectURL = vi.fn(() => 'blob:photo-1');
      URL.revokeObjectURL = vi.fn();
    });

    it('shows a photo we uploaded and sent by media id, from the copy the backend kept', async () => {
      const detail = anUploadedPhoto();
      const file = aMediaFile({ message_id: detail.id, mime_type: 'image/png' });
      await lookUp(detail, [file]);
      const download = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
      download.flush(new Blob(['png'], { type: 'image/png' }));
      await settle();
      await fixture.whenStable();

      const photo = panel().querySelector('.media-message img');
      expect(photo?.getAttribute('src')).toBe('blob:photo-1');
      expect(photo?.getAttribute('alt')).toBe('Photo you sent');
      expect(panel().querySelector('.media-message .body .bold')?.textContent).toBe('receipt');
      expect(panel().querySelector('.media-message .attachment')).toBeNull();
    });

    it('shows only the caption when the upload has no copy any more, never a broken image', async () => {
      const detail = anUploadedPhoto();
      await lookUp(detail, [
        aMediaFile({ message_id: detail.id, status: 'expired', size_bytes: null }),
      ]);

      expect(panel().querySelector('img')).toBeNull();
      expect(panel().querySelector('.media-message')).toBeNull();
      expect(squash(panel().querySelector('.preview')?.textContent)).toBe('Your receipt');
    });
  });

  it('names the direction apart from the status: "Outgoing" and "Sent" never meet', async () => {
    await show(aMessageDetail(aMessage({ status: 'sent', delivered_at: null })));

    expect(squash(panel().querySelector('.subtitle')?.textContent)).toMatch(
      / · Outgoing · Template$/,
    );
    const badges = [...panel().querySelectorAll('.badges .label, .badges .badge')].map((badge) =>
      squash(badge.textContent),
    );
    expect(badges).toEqual(['Sent', 'north_eastOutgoing', 'descriptionTemplate']);

    await show(anInboundText('Hi', { status: 'read' }));
    expect(squash(panel().querySelector('.subtitle')?.textContent)).toMatch(/ · Incoming · Text$/);
    expect(squash(panel().querySelector('.badges .label')?.textContent)).toBe('Read by you');
  });

  it('shows the pricing once, not on every status that repeats it', async () => {
    const free = { billable: false, pricing_model: 'PMP', type: 'free_customer_service' };
    await show(
      aMessageDetail(aMessage({ status: 'read' }), {
        timeline: [
          aStatusEvent({
            status: 'queued',
            occurred_at: '2026-11-24T11:58:00.000Z',
            pricing: null,
          }),
          aStatusEvent({ status: 'sent', occurred_at: '2026-11-24T11:58:01.000Z' }),
          aStatusEvent({ status: 'delivered', occurred_at: '2026-11-24T11:58:03.000Z' }),
          aStatusEvent({ status: 'read', occurred_at: '2026-11-24T11:59:00.000Z' }),
          // Meta changed its mind: the new pricing shows.
          aStatusEvent({ status: 'read', occurred_at: '2026-11-24T12:00:00.000Z', pricing: free }),
        ],
      }),
    );

    const pricing = [...panel().querySelectorAll('.timeline .entry')].map((entry) =>
      squash(entry.querySelector('.entry-meta')?.textContent),
    );
    expect(pricing).toEqual([
      undefined,
      'paymentsPricing: Billable · utility · regular (PMP)',
      undefined,
      undefined,
      'paymentsPricing: Not billable · free customer service (PMP)',
    ]);
  });

  it('keeps the raw payload header on one line at phone width', async () => {
    await show(aMessageDetail());

    const header = panel().querySelector('.raw mat-expansion-panel-header') as HTMLElement;
    const title = header.querySelector('mat-panel-title') as HTMLElement;
    const source = header.querySelector('mat-panel-description') as HTMLElement;
    const sourceText = source.querySelector('span') as HTMLElement;
    expect(squash(title.textContent)).toBe('Raw payload');
    expect(sourceText.textContent).toBe('As sent to Meta');
    expect(sourceText.title).toBe('As sent to Meta');
    // A 390 px phone leaves about 270 px: the title never wraps, the description is cut instead.
    expect(getComputedStyle(title)).toMatchObject({ whiteSpace: 'nowrap', flexShrink: '0' });
    expect(getComputedStyle(source).minWidth).toBe('0px');
    expect(getComputedStyle(sourceText)).toMatchObject({
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    });
  });
});

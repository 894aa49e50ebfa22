import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import type { MediaFileDto } from '../../../core/api/models/media-file-dto';
import type { MessageWithContentDto } from '../../../core/api/models/message-with-content-dto';
import { settle } from '../../../../testing/auth-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../../../../testing/fake-realtime';
import { aMessageDetail, aMessageError } from '../../../../testing/message-fixtures';
import { aSentMessage } from '../../../../testing/send-message-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import { aStatusChange, aMessageCreated } from '../../../../testing/live-event-fixtures';
import {
  GRACE_ID,
  aConversation,
  aMediaFile,
  aThreadMessage,
  fromNow,
} from '../testing/inbox-fixtures';
import { ConversationThreadComponent, THREAD_PAGE_SIZE } from './conversation-thread.component';
import { MEDIA_RETRY_DELAYS_MS } from '../../../shared/message-media/message-media.component';

@Component({
  imports: [ConversationThreadComponent],
  template: `<app-conversation-thread [contactId]="contactId()" />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  readonly contactId = signal(GRACE_ID);
}

const THREAD_URL = `/api/whatsapp/conversations/${GRACE_ID}/messages`;
const MEDIA_LIST_URL = '/api/whatsapp/media';

describe('ConversationThreadComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;
  /** The media bubbles' pauses between attempts while a file is still downloading (409). */
  let retryDelays: number[];

  const thread = () => fixture.nativeElement as HTMLElement;
  const bubbles = () => [...thread().querySelectorAll<HTMLElement>('app-thread-message')];
  const bubbleText = (element: Element | undefined) =>
    element?.querySelector('.body')?.textContent?.replace(/\s+/g, ' ').trim();
  const bubbleOf = (message: MessageWithContentDto) => {
    const element = thread().querySelector<HTMLElement>(
      `app-thread-message[data-message-id="${message.id}"]`,
    );
    if (!element) throw new Error(`No bubble for ${message.preview_text}`);
    return element;
  };
  const textOf = (element: Element | null | undefined) =>
    element?.textContent?.replace(/\s+/g, ' ').trim();

  async function rendered(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  /** Opens Grace's conversation with `messages` (newest first, as the API pages them). */
  async function render(
    messages: MessageWithContentDto[],
    nextCursor: string | null = null,
  ): Promise<void> {
    fixture = TestBed.createComponent(HostComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    const conversation = await vi.waitFor(() =>
      http.expectOne(`/api/whatsapp/conversations/${GRACE_ID}`),
    );
    conversation.flush(aConversation());
    const page = await vi.waitFor(() => http.expectOne((r) => r.url === THREAD_URL));
    expect(page.request.params.get('limit')).toBe(String(THREAD_PAGE_SIZE));
    expect(page.request.params.has('cursor')).toBe(false);
    page.flush({ items: messages, next_cursor: nextCursor });
    await rendered();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp(),
        provideFakeRealtime(),
        // Read when the first media bubble is created: a spec may change it before that.
        { provide: MEDIA_RETRY_DELAYS_MS, useFactory: () => retryDelays },
      ],
    });
    retryDelays = [30];
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(FakeRealtimeService);
  });

  afterEach(() => http.verify());

  it('shows the messages oldest first, theirs on the left and ours on the right with ticks', async () => {
    const question = aThreadMessage({ preview_text: 'Where is my order?' });
    const answer = aThreadMessage({
      direction: 'out',
      preview_text: 'It ships today',
      created_at: fromNow(-30_000),
      status: 'delivered',
    });
    await render([answer, question]);

    expect(bubbles().map(bubbleText)).toEqual(['Where is my order?', 'It ships today']);
    expect(bubbleOf(question).classList).toContain('in');
    expect(bubbleOf(answer).classList).not.toContain('in');
    expect(textOf(bubbleOf(answer).querySelector('.meta .visually-hidden'))).toBe('Delivered');
    expect(bubbleOf(question).querySelector('.status')).toBeNull();
    expect(textOf(thread().querySelector('.day'))).toBe('Today');
    expect(textOf(thread().querySelector('.name'))).toBe('Grace Hopper');
    expect(textOf(thread().querySelector('.window'))).toContain('Window open');
  });

  it('shows a reaction on the message it reacts to, not as a bubble of its own', async () => {
    const ours = aThreadMessage({ direction: 'out', preview_text: 'Your order has shipped' });
    const reaction = aThreadMessage({
      message_type: 'reaction',
      preview_text: '👍',
      created_at: fromNow(-10_000),
      content: { type: 'reaction', reaction: { message_id: ours.wa_message_id, emoji: '👍' } },
    });
    await render([reaction, ours]);

    expect(bubbles()).toHaveLength(1);
    const reactions = [...bubbleOf(ours).querySelectorAll('.reaction')];
    expect(reactions.map(textOf)).toEqual(['👍']);
    expect(reactions[0]?.getAttribute('aria-label')).toBe('Grace Hopper reacted 👍');
  });

  it('quotes the message a reply answers above its text', async () => {
    const question = aThreadMessage({ preview_text: 'Where is my order?' });
    const reply = aThreadMessage({
      direction: 'out',
      preview_text: 'On its way!',
      created_at: fromNow(-20_000),
      context_wa_message_id: question.wa_message_id,
    });
    const unknown = aThreadMessage({
      preview_text: 'And this?',
      created_at: fromNow(-10_000),
      context_wa_message_id: 'wamid.not-loaded',
    });
    await render([unknown, reply, question]);

    expect(textOf(bubbleOf(reply).querySelector('.quote'))).toBe('Replying to: Where is my order?');
    expect(textOf(bubbleOf(unknown).querySelector('.quote'))).toBe(
      'Replying to: An earlier message',
    );
    expect(bubbleOf(question).querySelector('.quote')).toBeNull();
  });

  it('shows locations, contact cards, button replies and unknown types sensibly', async () => {
    const location = aThreadMessage({
      message_type: 'location',
      preview_text: 'Acme Store',
      content: {
        type: 'location',
        location: { latitude: 52.37, longitude: 4.89, name: 'Acme Store', address: 'Dam 1' },
      },
    });
    const contact = aThreadMessage({
      message_type: 'contacts',
      created_at: fromNow(-50_000),
      content: {
        type: 'contacts',
        contacts: [
          { name: { formatted_name: 'Ada Lovelace' }, phones: [{ phone: '+44 20 1234' }] },
        ],
      },
    });
    const button = aThreadMessage({
      message_type: 'interactive',
      created_at: fromNow(-40_000),
      content: { type: 'interactive', interactive: { button_reply: { id: 'yes', title: 'Yes' } } },
    });
    const odd = aThreadMessage({
      message_type: 'unsupported',
      preview_text: '',
      created_at: fromNow(-30_000),
      content: { type: 'unsupported', errors: [{ code: 131051 }] },
      error: aMessageError({ code: 131051, title: 'Message type unknown' }),
    });
    await render([odd, button, contact, location]);

    expect(textOf(bubbleOf(location).querySelector('.attachment-label'))).toBe('Acme Store');
    expect(textOf(bubbleOf(location).querySelector('.attachment-detail'))).toBe('Dam 1');
    expect(textOf(bubbleOf(contact).querySelector('.attachment-label'))).toBe(
      'Ada Lovelace · +44 20 1234',
    );
    expect(bubbleText(bubbleOf(button))).toBe('Yes');
    expect(textOf(bubbleOf(button).querySelector('.footer'))).toBe('Tapped a reply button');
    expect(textOf(bubbleOf(odd).querySelector('.empty'))).toBe(
      "This message type can't be shown here (Message type unknown). Open WhatsApp to see it.",
    );
    // A customer's message was not "not delivered": Meta's note is in the bubble instead.
    expect(bubbleOf(odd).querySelector('.failure')).toBeNull();
  });

  describe('media', () => {
    let created: string[];
    let revoked: string[];

    beforeEach(() => {
      created = [];
      revoked = [];
      URL.createObjectURL = vi.fn(() => {
        created.push(`blob:photo-${created.length + 1}`);
        return created.at(-1)!;
      });
      URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url));
    });

    const photo = () =>
      aThreadMessage({
        message_type: 'image',
        preview_text: 'Receipt',
        content: {
          type: 'image',
          image: { id: '1037543291543636', mime_type: 'image/jpeg', caption: 'Receipt' },
        },
      });

    async function flushLookup(message: MessageWithContentDto) {
      const lookup = await vi.waitFor(() => http.expectOne((r) => r.url === MEDIA_LIST_URL));
      expect(lookup.request.params.get('message_id')).toBe(message.id);
      const file = aMediaFile({ message_id: message.id });
      lookup.flush([file]);
      await settle();
      return file;
    }

    it('fetches a photo with the token and shows it through an object URL, revoked when it goes', async () => {
      const message = photo();
      await render([message]);
      const file = await flushLookup(message);

      const download = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
      expect(download.request.responseType).toBe('blob');
      download.flush(new Blob(['jpeg'], { type: 'image/jpeg' }));
      await rendered();

      const image = bubbleOf(message).querySelector('img');
      expect(image?.getAttribute('src')).toBe('blob:photo-1');
      expect(bubbleText(bubbleOf(message))).toBe('Receipt');

      fixture.destroy();
      expect(revoked).toEqual(['blob:photo-1']);
    });

    it('shows a photo we sent by link from that address, and one we uploaded from our copy', async () => {
      const byLink = aThreadMessage({
        direction: 'out',
        status: 'read',
        message_type: 'image',
        preview_text: 'Our menu',
        content: {
          type: 'image',
          image: { link: 'https://cdn.example/menu.jpg', caption: 'Our *menu*' },
        },
      });
      const uploaded = aThreadMessage({
        direction: 'out',
        status: 'delivered',
        message_type: 'image',
        preview_text: 'Receipt',
        created_at: fromNow(-10_000),
        content: { type: 'image', image: { id: '1037543291543636', caption: 'Receipt' } },
      });
      await render([uploaded, byLink]);

      // The linked photo needs no lookup or download: only the upload is looked up.
      const image = bubbleOf(byLink).querySelector('img');
      expect(image?.getAttribute('src')).toBe('https://cdn.example/menu.jpg');
      expect(image?.getAttribute('alt')).toBe('Photo you sent');
      expect(image?.getAttribute('referrerpolicy')).toBe('no-referrer');
      const open = bubbleOf(byLink).querySelector('a.image-link');
      expect(open?.getAttribute('rel')).toBe('noopener noreferrer');
      expect(bubbleOf(byLink).querySelector('.attachment')).toBeNull();
      expect(bubbleText(bubbleOf(byLink))).toBe('Our menu');
      expect(bubbleOf(byLink).querySelector('.body .bold')?.textContent).toBe('menu');

      const file = await flushLookup(uploaded);
      const download = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
      download.flush(new Blob(['png'], { type: 'image/png' }));
      await rendered();
      const picture = bubbleOf(uploaded).querySelector('img');
      expect(picture?.getAttribute('src')).toBe('blob:photo-1');
      expect(picture?.getAttribute('alt')).toBe('Photo you sent');
      expect(bubbleOf(uploaded).querySelector('.attachment')).toBeNull();
      expect(bubbleText(bubbleOf(uploaded))).toBe('Receipt');
    });

    it('keeps the placeholder for an upload whose copy is gone (never kept, or removed by retention)', async () => {
      const upload = (id: string, ago: number) =>
        aThreadMessage({
          direction: 'out',
          message_type: 'image',
          preview_text: 'Receipt',
          created_at: fromNow(-ago),
          content: { type: 'image', image: { id, caption: 'Receipt' } },
        });
      const old = upload('1037543291543636', 20_000);
      const expired = upload('1037543291543637', 10_000);
      await render([expired, old]);

      const lookup = await vi.waitFor(() => http.expectOne((r) => r.url === MEDIA_LIST_URL));
      lookup.flush([
        aMediaFile({
          message_id: expired.id,
          status: 'expired',
          size_bytes: null,
          error: 'The file was removed 90 days after it arrived (MEDIA_RETENTION_DAYS).',
        }),
      ]);
      await rendered();

      // No download is asked for (http.verify() in afterEach fails on one), nothing is broken.
      for (const message of [old, expired]) {
        expect(bubbleOf(message).querySelector('img')).toBeNull();
        const placeholder = bubbleOf(message).querySelector('.attachment');
        expect(textOf(placeholder?.querySelector('.attachment-label'))).toBe('Photo');
        expect(textOf(placeholder?.querySelector('.attachment-detail'))).toBe(
          'Uploaded to WhatsApp; Convis keeps no copy to show',
        );
        expect(bubbleText(bubbleOf(message))).toBe('Receipt');
      }
    });

    it('offers to open a linked photo that does not load', async () => {
      const byLink = aThreadMessage({
        direction: 'out',
        message_type: 'image',
        preview_text: '',
        content: { type: 'image', image: { link: 'https://cdn.example/gone.jpg' } },
      });
      await render([byLink]);

      bubbleOf(byLink).querySelector('img')?.dispatchEvent(new Event('error'));
      await rendered();
      const open = bubbleOf(byLink).querySelector<HTMLAnchorElement>(
        'a[aria-label="Open the photo in a new tab"]',
      );
      expect(open?.getAttribute('href')).toBe('https://cdn.example/gone.jpg');
      expect(open?.target).toBe('_blank');
      expect(open?.rel).toBe('noopener noreferrer');
      expect(open?.hasAttribute('download')).toBe(false);
    });

    it('says the photo is still downloading from WhatsApp (409), then tries again', async () => {
      const message = photo();
      await render([message]);
      const file = await flushLookup(message);

      const first = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
      first.flush(new Blob([JSON.stringify({ status_code: 409, message: 'Still downloading' })]), {
        status: 409,
        statusText: 'Conflict',
      });
      await rendered();
      expect(textOf(bubbleOf(message).querySelector('.placeholder-text'))).toBe(
        'Downloading from WhatsApp…',
      );
      expect(bubbleOf(message).querySelector('img')).toBeNull();

      const second = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
      second.flush(new Blob(['jpeg'], { type: 'image/jpeg' }));
      await rendered();
      expect(bubbleOf(message).querySelector('img')?.getAttribute('src')).toBe('blob:photo-1');
    });

    it('offers documents as downloads, fetched when asked for', async () => {
      const message = aThreadMessage({
        message_type: 'document',
        preview_text: 'Invoice 2026.pdf',
        content: {
          type: 'document',
          document: { id: '99', filename: 'Invoice 2026.pdf', mime_type: 'application/pdf' },
        },
      });
      await render([message]);
      const lookup = await vi.waitFor(() => http.expectOne((r) => r.url === MEDIA_LIST_URL));
      const file = aMediaFile({
        message_id: message.id,
        mime_type: 'application/pdf',
        filename: 'Invoice 2026.pdf',
        size_bytes: 2_500_000,
      });
      lookup.flush([file]);
      await rendered();

      expect(textOf(bubbleOf(message).querySelector('.document-name'))).toBe('Invoice 2026.pdf');
      expect(textOf(bubbleOf(message).querySelector('.document-details'))).toBe(
        '2.4 MB · application/pdf',
      );
      http.expectNone(`/api/whatsapp/media/${file.id}`);

      const saved: string[] = [];
      const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
        this: HTMLAnchorElement,
      ) {
        saved.push(`${this.download} ${this.href}`);
      });
      const button = await loader.getHarness(
        MatButtonHarness.with({ selector: '[aria-label="Download Invoice 2026.pdf"]' }),
      );
      const clicking = button.click();
      const download = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
      download.flush(new Blob(['%PDF'], { type: 'application/pdf' }));
      await clicking;
      await rendered();
      click.mockRestore();

      expect(saved).toEqual(['Invoice 2026.pdf blob:photo-1']);
      const link = bubbleOf(message).querySelector('a[download]');
      expect(link?.getAttribute('href')).toBe('blob:photo-1');
    });

    it('offers a voice note the browser cannot play as a download', async () => {
      const voice = aThreadMessage({
        message_type: 'audio',
        preview_text: '',
        content: { type: 'audio', audio: { id: '7', mime_type: 'audio/ogg', voice: true } },
      });
      await render([voice]);
      const file = await flushLookup(voice);
      (await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`))).flush(
        new Blob(['ogg']),
      );
      await rendered();
      const player = bubbleOf(voice).querySelector('audio');
      expect(player?.getAttribute('aria-label')).toBe('Voice message');

      player?.dispatchEvent(new Event('error'));
      await rendered();
      expect(bubbleOf(voice).querySelector('audio')).toBeNull();
      expect(textOf(bubbleOf(voice).querySelector('.document-name'))).toBe(
        "Can't show this voice message here",
      );
      expect(
        bubbleOf(voice)
          .querySelector('a[aria-label="Download the voice message"]')
          ?.getAttribute('href'),
      ).toBe('blob:photo-1');
    });

    describe('when the backend has it (live events)', () => {
      const STILL_DOWNLOADING = { status: 409, statusText: 'Conflict' };
      /** Nothing is fetched again before this in these specs, unless an event says so. */
      const LONG_PAUSE_MS = 60_000;

      beforeEach(() => (retryDelays = [LONG_PAUSE_MS]));

      async function pendingPhoto() {
        const message = photo();
        await render([message]);
        const lookup = await vi.waitFor(() => http.expectOne((r) => r.url === MEDIA_LIST_URL));
        const file = aMediaFile({ message_id: message.id, status: 'pending', size_bytes: null });
        lookup.flush([file]);
        await settle();
        return { message, file };
      }
      const stored = (file: MediaFileDto) =>
        realtime.emit('media.stored', {
          media_id: file.id,
          message_id: file.message_id,
          contact_id: GRACE_ID,
          status: 'stored',
          mime_type: 'image/jpeg',
          size_bytes: 4,
        });

      it('loads a photo still downloading as soon as media.stored arrives', async () => {
        const { message, file } = await pendingPhoto();
        const first = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
        first.flush(new Blob(['{}']), STILL_DOWNLOADING);
        await rendered();
        expect(textOf(bubbleOf(message).querySelector('.placeholder-text'))).toBe(
          'Downloading from WhatsApp…',
        );
        http.expectNone(`/api/whatsapp/media/${file.id}`);

        stored(file);
        // At once, not after the minute's pause.
        const again = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
        again.flush(new Blob(['jpeg'], { type: 'image/jpeg' }));
        await rendered();
        expect(bubbleOf(message).querySelector('img')?.getAttribute('src')).toBe('blob:photo-1');
      });

      it('goes again at once when the file was stored while an attempt was under way', async () => {
        const { message, file } = await pendingPhoto();
        const first = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
        stored(file);
        await settle();
        first.flush(new Blob(['{}']), STILL_DOWNLOADING);

        const again = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
        again.flush(new Blob(['jpeg'], { type: 'image/jpeg' }));
        await rendered();
        expect(bubbleOf(message).querySelector('img')).not.toBeNull();
      });

      it('says why when media.failed arrives, and stops trying', async () => {
        const { message, file } = await pendingPhoto();
        (await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`))).flush(
          new Blob(['{}']),
          STILL_DOWNLOADING,
        );
        await rendered();

        realtime.emit('media.failed', {
          media_id: file.id,
          message_id: message.id,
          contact_id: GRACE_ID,
          status: 'failed',
          mime_type: 'image/jpeg',
          size_bytes: null,
          reason: 'Media download error (131052)',
        });
        await rendered();
        const problem = bubbleOf(message).querySelector('.placeholder-text');
        expect(textOf(problem)).toBe("Couldn't get this photo from WhatsApp.");
        expect(problem?.getAttribute('title')).toBe('Media download error (131052)');
        http.expectNone(`/api/whatsapp/media/${file.id}`);
      });

      it("ignores other conversations' files", async () => {
        const { file } = await pendingPhoto();
        (await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`))).flush(
          new Blob(['{}']),
          STILL_DOWNLOADING,
        );
        await rendered();
        realtime.emit('media.stored', {
          media_id: file.id,
          message_id: file.message_id,
          contact_id: '0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d',
          status: 'stored',
          mime_type: 'image/jpeg',
          size_bytes: 4,
        });
        await rendered();
        http.expectNone(`/api/whatsapp/media/${file.id}`);
      });
    });

    it('offers to try again once the retries are used up', async () => {
      const message = photo();
      await render([message]);
      const file = await flushLookup(message);
      for (let attempt = 0; attempt < 2; attempt++) {
        const request = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
        request.flush(new Blob(['{}']), { status: 409, statusText: 'Conflict' });
        await rendered();
      }
      expect(textOf(bubbleOf(message).querySelector('.placeholder'))).toContain(
        'WhatsApp is still sending this photo.',
      );
      const retry = await loader.getHarness(MatButtonHarness.with({ text: /Try again/ }));
      const clicking = retry.click();
      const again = await vi.waitFor(() => http.expectOne(`/api/whatsapp/media/${file.id}`));
      again.flush(new Blob(['jpeg']));
      await clicking;
      await rendered();
      expect(bubbleOf(message).querySelector('img')).not.toBeNull();
    });
  });

  describe('live', () => {
    it('moves the ticks of our message as statuses arrive', async () => {
      const ours = aThreadMessage({ direction: 'out', preview_text: 'Hi', status: 'sent' });
      await render([ours]);
      const tick = () => bubbleOf(ours).querySelector('.status');
      expect(textOf(tick())).toBe('done');

      realtime.emit(
        'message.status',
        aStatusChange({
          message_id: ours.id,
          status: 'delivered',
          event: 'delivered',
        }),
      );
      await rendered();
      expect(textOf(tick())).toBe('done_all');
      expect(tick()?.classList).not.toContain('read');

      realtime.emit(
        'message.status',
        aStatusChange({ message_id: ours.id, status: 'read', event: 'read' }),
      );
      await rendered();
      expect(tick()?.classList).toContain('read');
      expect(textOf(bubbleOf(ours).querySelector('.meta .visually-hidden'))).toBe('Read');

      // A late "delivered" never takes the blue ticks back.
      realtime.emit(
        'message.status',
        aStatusChange({
          message_id: ours.id,
          status: 'delivered',
          event: 'delivered',
        }),
      );
      await rendered();
      expect(tick()?.classList).toContain('read');
    });

    it('shows why a message failed, fetched when its failed status arrives', async () => {
      const ours = aThreadMessage({ direction: 'out', preview_text: 'Hi', status: 'sent' });
      await render([ours]);

      realtime.emit(
        'message.status',
        aStatusChange({ message_id: ours.id, status: 'failed', event: 'failed' }),
      );
      const detail = await vi.waitFor(() => http.expectOne(`/api/whatsapp/messages/${ours.id}`));
      detail.flush({
        ...aMessageDetail(),
        ...ours,
        status: 'failed',
        error: aMessageError(),
        contact: aConversation().contact,
        timeline: [],
      });
      await rendered();

      expect(bubbleOf(ours).querySelector('.status')?.classList).toContain('failed');
      expect(textOf(bubbleOf(ours).querySelector('.failure-text'))).toBe(
        'Not delivered: Message undeliverable',
      );
      await (await loader.getHarness(MatButtonHarness.with({ text: 'Why?' }))).click();
      expect(textOf(bubbleOf(ours).querySelector('app-meta-error-panel .explanation'))).toBe(
        aMessageError().explanation,
      );
    });

    it("adds the contact's new message at the bottom", async () => {
      const first = aThreadMessage({ preview_text: 'Hello' });
      await render([first]);
      const next = aThreadMessage({ preview_text: 'Are you there?', created_at: fromNow(0) });

      realtime.emit('message.inbound', {
        message_id: next.id,
        contact_id: GRACE_ID,
        account_id: next.account_id!,
        phone_number_id: next.phone_number_id,
        wa_message_id: next.wa_message_id!,
        message_type: 'text',
        preview: 'Are you there?',
        media_id: null,
        received_at: next.created_at,
      });
      const refresh = await vi.waitFor(() => http.expectOne((r) => r.url === THREAD_URL));
      refresh.flush({ items: [next, first], next_cursor: null });
      await rendered();

      expect(bubbles().map(bubbleText)).toEqual(['Hello', 'Are you there?']);
    });

    it("ignores other contacts' messages", async () => {
      await render([aThreadMessage()]);
      realtime.emit(
        'message.created',
        aMessageCreated({
          message_id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
          contact_id: '0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d',
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      http.expectNone((r) => r.url === THREAD_URL);
    });
  });

  it('loads older messages with the cursor and keeps them above', async () => {
    const recent = aThreadMessage({ preview_text: 'Recent' });
    const older = aThreadMessage({ preview_text: 'Older', created_at: fromNow(-3_600_000) });
    await render([recent], 'cursor-2');

    const button = await loader.getHarness(MatButtonHarness.with({ text: /Load older messages/ }));
    const clicking = button.click();
    const page = await vi.waitFor(() => http.expectOne((r) => r.url === THREAD_URL));
    expect(page.request.params.get('cursor')).toBe('cursor-2');
    page.flush({ items: [older], next_cursor: null });
    await clicking;
    await rendered();

    expect(bubbles().map(bubbleText)).toEqual(['Older', 'Recent']);
    expect(
      await loader.getAllHarnesses(MatButtonHarness.with({ text: /Load older/ })),
    ).toHaveLength(0);
  });

  it('shows a sent reply at once, quoting the message it answers', async () => {
    const question = aThreadMessage({ preview_text: 'Where is my order?' });
    await render([question]);
    await (
      await loader.getHarness(
        MatButtonHarness.with({ selector: '[aria-label="Reply to this message"]' }),
      )
    ).click();

    const input = thread().querySelector('app-reply-box textarea') as HTMLTextAreaElement;
    input.value = 'On its way!';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const send = await vi.waitFor(() =>
      http.expectOne({ method: 'POST', url: '/api/whatsapp/messages' }),
    );
    expect(send.request.body).toMatchObject({ text: 'On its way!', reply_to: question.id });
    const sent = aSentMessage({
      id: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      contact_id: GRACE_ID,
      preview_text: 'On its way!',
      created_at: fromNow(0),
    });
    send.flush(sent);
    await settle();

    const reply = () => bubbleOf({ ...question, id: sent.id });
    expect(bubbles().map(bubbleText)).toEqual(['Where is my order?', 'On its way!']);
    expect(textOf(reply().querySelector('.quote'))).toBe('Replying to: Where is my order?');
    expect(thread().querySelector('app-reply-box .quote-text')).toBeNull();

    // The stored message replaces it once the newest page is fetched again.
    const refresh = await vi.waitFor(() => http.expectOne((r) => r.url === THREAD_URL));
    refresh.flush({
      items: [
        aThreadMessage({
          ...sent,
          direction: 'out',
          status: 'delivered',
          content: { type: 'text', text: { body: 'On its way!' } },
          context_wa_message_id: question.wa_message_id,
        }),
        question,
      ],
      next_cursor: null,
    });
    await rendered();
    expect(bubbles()).toHaveLength(2);
    expect(textOf(reply().querySelector('.meta .visually-hidden'))).toBe('Delivered');
  });

  it('puts the message being answered above the reply box', async () => {
    const question = aThreadMessage({ preview_text: 'Where is my order?' });
    await render([question]);

    await (
      await loader.getHarness(
        MatButtonHarness.with({ selector: '[aria-label="Reply to this message"]' }),
      )
    ).click();
    expect(textOf(thread().querySelector('app-reply-box .quote-text'))).toBe(
      'Replying to: Where is my order?',
    );
  });
});

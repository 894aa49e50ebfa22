import type { MessageWithContentDto } from '../../../core/api/models/message-with-content-dto';
import { aMediaFile, aThreadMessage, fromNow } from '../testing/inbox-fixtures';
import {
  type MessageItem,
  type ThreadItem,
  buildThread,
  mediaMessageIds,
  messageSummary,
} from './thread-items';

const options = { contactName: 'Grace', media: new Map(), complete: true, now: Date.now() };

function messagesOf(items: ThreadItem[]): MessageItem[] {
  return items.filter((item): item is MessageItem => item.kind === 'message');
}

function reaction(
  target: MessageWithContentDto,
  emoji: string,
  overrides: Partial<MessageWithContentDto> = {},
): MessageWithContentDto {
  return aThreadMessage({
    message_type: 'reaction',
    preview_text: emoji,
    content: { type: 'reaction', reaction: { message_id: target.wa_message_id, emoji } },
    ...overrides,
  });
}

describe('buildThread', () => {
  it('keeps the latest reaction of each side, and an empty emoji removes one', () => {
    const ours = aThreadMessage({ direction: 'out', created_at: fromNow(-60_000) });
    const thumbs = reaction(ours, '👍', { created_at: fromNow(-50_000) });
    const heart = reaction(ours, '❤️', { created_at: fromNow(-40_000) });
    const mine = reaction(ours, '🙏', { direction: 'out', created_at: fromNow(-30_000) });
    const removed = reaction(ours, '', { direction: 'out', created_at: fromNow(-20_000) });

    const [item] = messagesOf(buildThread([removed, mine, heart, thumbs, ours], options));
    expect(item?.reactions).toEqual([{ emoji: '❤️', direction: 'in', label: 'Grace reacted ❤️' }]);
  });

  it('notes a reaction to a message that is not loaded only once nothing older remains', () => {
    const elsewhere = aThreadMessage({ wa_message_id: 'wamid.elsewhere' });
    const orphan = reaction(elsewhere, '😂');

    expect(buildThread([orphan], { ...options, complete: false })).toEqual([]);
    expect(buildThread([orphan], options).map((item) => item.kind === 'note' && item.text)).toEqual(
      ["Grace reacted 😂 to a message that isn't shown here"],
    );
  });

  it('puts a heading before each day and shows system messages as notes', () => {
    const yesterday = aThreadMessage({ created_at: fromNow(-26 * 3600_000), received_at: null });
    const system = aThreadMessage({
      message_type: 'system',
      preview_text: 'Grace changed their phone number',
      content: { type: 'system', system: { body: 'Grace changed their phone number' } },
    });
    const items = buildThread([system, yesterday], options);
    expect(items.map((item) => item.kind)).toEqual(['day', 'message', 'day', 'note']);
    expect(items[3]).toMatchObject({ text: 'Grace changed their phone number' });
  });

  it("shows our messages' statuses as ticks and theirs without", () => {
    const statuses = (['queued', 'sent', 'delivered', 'read', 'played', 'failed'] as const).map(
      (status, index) =>
        aThreadMessage({ direction: 'out', status, created_at: fromNow(-60_000 + index) }),
    );
    const theirs = aThreadMessage({ created_at: fromNow(0) });
    const items = messagesOf(buildThread([theirs, ...statuses.reverse()], options));
    expect(items.map((item) => item.status)).toEqual([
      'pending',
      'sent',
      'delivered',
      'read',
      'read',
      'failed',
      null,
    ]);
  });

  it('shows our media as a placeholder with its file name and theirs for download', () => {
    const ours = aThreadMessage({
      direction: 'out',
      message_type: 'document',
      content: {
        type: 'document',
        document: { link: 'https://x.example/a.pdf', filename: 'a.pdf' },
      },
    });
    const theirs = aThreadMessage({
      message_type: 'audio',
      preview_text: '',
      content: { type: 'audio', audio: { id: '1', mime_type: 'audio/ogg', voice: true } },
    });
    const [mine, voice] = messagesOf(buildThread([theirs, ours], options));
    expect(mine?.bubble.header).toEqual({ kind: 'document', label: 'a.pdf' });
    expect(mine?.media).toBeNull();
    expect(voice?.media).toEqual({
      kind: 'audio',
      file: undefined,
      filename: null,
      mimeType: 'audio/ogg',
      voice: true,
    });
    expect(voice?.quoteText).toBe('Voice message');
  });

  it('shows our photos from their https link or our copy of the upload, else a placeholder', () => {
    const ours = (image: Record<string, unknown>) =>
      aThreadMessage({
        direction: 'out',
        message_type: 'image',
        content: { type: 'image', image: { caption: 'Menu', ...image } },
      });
    const show = (message: ReturnType<typeof ours>) =>
      messagesOf(buildThread([message], options))[0];

    const linked = show(ours({ link: 'https://cdn.example/m.jpg' }));
    expect(linked?.media).toEqual({
      kind: 'image',
      file: null,
      filename: null,
      mimeType: null,
      voice: false,
      link: 'https://cdn.example/m.jpg',
      ours: true,
    });
    expect(linked?.bubble.header).toBeUndefined();
    expect(linked?.bubble.body).toBe('Menu');

    // An upload shows from our copy: waiting while it is looked up, the file once found.
    const upload = ours({ id: '1037543291543636' });
    expect(mediaMessageIds([upload, ours({ link: 'https://cdn.example/m.jpg' })])).toEqual([
      upload.id,
    ]);
    const lookingUp = show(upload);
    expect(lookingUp?.media).toEqual({
      kind: 'image',
      file: undefined,
      filename: null,
      mimeType: null,
      voice: false,
      ours: true,
    });
    expect(lookingUp?.bubble.header).toBeUndefined();
    const file = aMediaFile({ message_id: upload.id, mime_type: 'image/png' });
    const kept = messagesOf(
      buildThread([upload], { ...options, media: new Map([[upload.id, file]]) }),
    )[0];
    expect(kept?.media).toMatchObject({ kind: 'image', file, mimeType: 'image/png', ours: true });
    expect(kept?.bubble.body).toBe('Menu');

    // No copy (sent before copies were kept) or one retention removed: a placeholder says so.
    for (const gone of [null, aMediaFile({ message_id: upload.id, status: 'expired' })]) {
      const uploaded = messagesOf(
        buildThread([upload], { ...options, media: new Map([[upload.id, gone]]) }),
      )[0];
      expect(uploaded?.media).toBeNull();
      expect(uploaded?.bubble.header).toEqual({
        kind: 'image',
        label: 'Photo',
        detail: 'Uploaded to WhatsApp; Convis keeps no copy to show',
      });
      expect(uploaded?.bubble.body).toBe('Menu');
    }

    // Only https is loaded: anything else stays a placeholder (with the address as its label).
    for (const link of [
      'http://cdn.example/m.jpg',
      'javascript:steal(document.cookie)',
      'data:image/png,x',
    ]) {
      expect(show(ours({ link }))?.media).toBeNull();
    }
  });

  it('shows a template as the customer received it, variables filled in', () => {
    const template = aThreadMessage({
      direction: 'out',
      message_type: 'template',
      preview_text: 'Hi Ada, order A-1 ships today.',
      content: { type: 'template', template: { name: 'order_update' } },
      template: {
        name: 'order_update',
        language: 'en_US',
        category: 'UTILITY',
        header: { format: 'image', text: null },
        body: 'Hi Ada, order A-1 ships today.',
        footer: 'Reply STOP to opt out',
        buttons: [
          { type: 'url', text: 'Track' },
          { type: 'quick_reply', text: 'Stop' },
        ],
      },
    });
    const [item] = messagesOf(buildThread([template], options));
    expect(item?.bubble).toEqual({
      header: { kind: 'image' },
      body: 'Hi Ada, order A-1 ships today.',
      footer: 'Reply STOP to opt out',
      buttons: [
        { text: 'Track', kind: 'link' },
        { text: 'Stop', kind: 'reply' },
      ],
      quote: null,
    });
  });
});

describe('messageSummary', () => {
  it('uses the preview text, or says what kind of message it is', () => {
    expect(messageSummary('text', 'Hi')).toBe('Hi');
    expect(messageSummary('image', '')).toBe('Photo');
    expect(messageSummary('audio', ' ')).toBe('Voice message');
    expect(messageSummary('something_new', '')).toBe('Message');
  });
});

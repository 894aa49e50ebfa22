import { mediaOf, previewOf, senderOf, timestampOf } from './inbound-message.js';
import { type MetaInboundMessage } from './meta-webhook.types.js';

const base = { id: 'wamid.1', from: '16505551234', timestamp: '1749416383' };

describe('inbound message reading', () => {
  it.each<[string, MetaInboundMessage, string]>([
    ['text', { ...base, type: 'text', text: { body: 'Hello' } }, 'Hello'],
    [
      'image caption',
      { ...base, type: 'image', image: { id: 'm1', caption: 'Taj Mahal' } },
      'Taj Mahal',
    ],
    [
      'document filename',
      { ...base, type: 'document', document: { id: 'm2', filename: 'a.pdf' } },
      'a.pdf',
    ],
    ['voice note', { ...base, type: 'audio', audio: { id: 'm3', voice: true } }, ''],
    ['button', { ...base, type: 'button', button: { payload: 'P', text: 'Stop' } }, 'Stop'],
    [
      'button reply',
      {
        ...base,
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'c', title: 'Cancel' } },
      },
      'Cancel',
    ],
    [
      'list reply',
      {
        ...base,
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: 'x', title: 'Express' } },
      },
      'Express',
    ],
    [
      'flow reply',
      {
        ...base,
        type: 'interactive',
        interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent' } },
      },
      'Sent',
    ],
    ['reaction', { ...base, type: 'reaction', reaction: { message_id: 'w', emoji: '👍' } }, '👍'],
    [
      'location',
      { ...base, type: 'location', location: { latitude: 1, longitude: 2, name: 'Philz' } },
      'Philz',
    ],
    [
      'contacts',
      {
        ...base,
        type: 'contacts',
        contacts: [{ name: { formatted_name: 'Ana' } }, { name: { formatted_name: 'Bo' } }],
      },
      'Ana, Bo',
    ],
    [
      'system',
      { ...base, type: 'system', system: { body: 'User changed number' } },
      'User changed number',
    ],
    ['unsupported', { ...base, type: 'unsupported' }, ''],
    ['unknown type', { ...base, type: 'hologram' }, ''],
  ])('previews %s', (_name, message, preview) => {
    expect(previewOf(message)).toBe(preview);
  });

  it('finds downloadable media only on media types with an id', () => {
    expect(
      mediaOf({
        ...base,
        type: 'document',
        document: { id: 'm', mime_type: 'application/pdf', filename: 'a.pdf' },
      }),
    ).toEqual({
      type: 'document',
      id: 'm',
      mimeType: 'application/pdf',
      sha256: null,
      filename: 'a.pdf',
    });
    expect(mediaOf({ ...base, type: 'image', image: {} })).toBeUndefined();
    expect(mediaOf({ ...base, type: 'text', text: { body: 'x' } })).toBeUndefined();
  });

  it('reads phone-number senders and username users', () => {
    expect(senderOf(base, [{ profile: { name: 'Sheena' }, wa_id: '16505551234' }])).toEqual({
      waId: '16505551234',
      userId: null,
      profileName: 'Sheena',
      username: null,
    });
    // Username users: their BSUID and username, as Meta sends them in contacts[].profile.
    expect(
      senderOf({ ...base, from: '', from_user_id: 'US.123' }, [
        { profile: { name: 'Nick', username: 'nick' }, wa_id: '', user_id: 'US.123' },
      ]),
    ).toEqual({ waId: '', userId: 'US.123', profileName: 'Nick', username: 'nick' });
    // System messages come without contacts.
    expect(senderOf(base, undefined)).toEqual({
      waId: '16505551234',
      userId: null,
      profileName: null,
      username: null,
    });
    expect(senderOf({ ...base, from: '' }, [])).toBeUndefined();
  });

  it('reads Meta timestamps', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(timestampOf('1749416383', now).toISOString()).toBe('2025-06-08T20:59:43.000Z');
    expect(timestampOf('nope', now)).toBe(now);
    expect(timestampOf(undefined, now)).toBe(now);
  });
});

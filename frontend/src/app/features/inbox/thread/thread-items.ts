import type { MediaType } from '@convis/contracts';
import type { MediaFileDto } from '../../../core/api/models/media-file-dto';
import type { MessageErrorDto } from '../../../core/api/models/message-error-dto';
import type { MessageStatus } from '../../../core/api/models/message-status';
import type { MessageWithContentDto } from '../../../core/api/models/message-with-content-dto';
import type {
  BubbleButton,
  BubbleStatus,
  WhatsAppBubble,
} from '../../../shared/whatsapp-preview/whatsapp-message';
import { sentTemplateBubble } from '../../../shared/whatsapp-preview/sent-template-bubble';
import {
  type MediaItem,
  hasMediaFile,
  httpsLink,
  isMediaKind,
  mediaItemOf,
  mediaObject,
} from '../../../shared/message-media/media-item';
import { dayKey, formatDayHeading } from '../conversation-display';
import { jsonObject, type JsonObject, jsonText } from '../../../shared/json-fields';

export interface ReactionView {
  readonly emoji: string;
  readonly direction: 'in' | 'out';
  /** `Grace reacted 👍`, `You reacted ❤️`. */
  readonly label: string;
}

export interface MessageItem {
  readonly kind: 'message';
  readonly id: string;
  readonly message: MessageWithContentDto;
  readonly direction: 'in' | 'out';
  readonly bubble: WhatsAppBubble;
  /** Shown (muted) when the bubble has nothing else: a message type this console cannot show. */
  readonly emptyText: string;
  readonly media: MediaItem | null;
  readonly reactions: readonly ReactionView[];
  readonly status: BubbleStatus | null;
  readonly error: MessageErrorDto | null;
  /** When it was sent or received. */
  readonly time: string;
  /** What a reply to it quotes. */
  readonly quoteText: string;
  /** It can be replied to (Meta knows it: it has a wamid). */
  readonly canReply: boolean;
}

export type ThreadItem =
  | { readonly kind: 'day'; readonly id: string; readonly label: string }
  | { readonly kind: 'note'; readonly id: string; readonly text: string }
  | MessageItem;

export interface ThreadOptions {
  /** The contact's name, for reactions and notes. */
  readonly contactName: string;
  /** Media files by message id (`null`: that message has none). */
  readonly media: ReadonlyMap<string, MediaFileDto | null>;
  /** No older messages remain to load (reactions whose message is not here can be noted). */
  readonly complete: boolean;
  readonly now: number;
}

/** Messages whose media file the thread needs to know. */
export function mediaMessageIds(messages: readonly MessageWithContentDto[]): string[] {
  return messages.filter(hasMediaFile).map((message) => message.id);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  image: 'Photo',
  video: 'Video',
  audio: 'Audio',
  document: 'Document',
  sticker: 'Sticker',
  location: 'Location',
  contacts: 'Contact card',
  interactive: 'Interactive message',
  template: 'Template',
  button: 'Button reply',
  order: 'Order',
  reaction: 'Reaction',
};

/** A message's text for previews and quotes: its preview text, or what kind of message it is. */
export function messageSummary(type: string, previewText: string): string {
  const preview = previewText.trim();
  if (preview) return preview;
  if (type === 'audio') return 'Voice message';
  return TYPE_NAMES[type] ?? 'Message';
}

const STATUS: Readonly<Record<MessageStatus, BubbleStatus | null>> = {
  queued: 'pending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
  received: null,
};

interface BubbleContent {
  readonly bubble: WhatsAppBubble;
  readonly media: MediaItem | null;
  readonly emptyText: string;
}

const plain = (bubble: WhatsAppBubble): BubbleContent => ({ bubble, media: null, emptyText: '' });

function unsupported(type: string, reason: string | null = null): BubbleContent {
  const what = reason ?? (type && type !== 'unsupported' && type !== 'unknown' ? type : null);
  return {
    bubble: {},
    media: null,
    emptyText: `This message type can't be shown here${what ? ` (${what})` : ''}. Open WhatsApp to see it.`,
  };
}

function mediaContent(
  message: MessageWithContentDto,
  kind: MediaType,
  options: ThreadOptions,
): BubbleContent {
  const object = mediaObject(message);
  const caption = jsonText(object['caption']);
  const file = options.media.has(message.id) ? options.media.get(message.id) : undefined;
  const media = mediaItemOf(message, file);
  if (media) return { bubble: { body: caption }, media, emptyText: '' };
  // Ours sent by link (a video, a document): its name or address. An upload without a copy (sent
  // before copies were kept, or removed by retention): a placeholder says so, with the caption.
  const link = httpsLink(object['link']);
  const filename = jsonText(object['filename']);
  return plain({
    header: link
      ? { kind, label: filename ?? link }
      : {
          kind,
          label: filename ?? TYPE_NAMES[kind] ?? null,
          detail: 'Uploaded to WhatsApp; Convis keeps no copy to show',
        },
    body: caption,
  });
}

function locationContent(content: JsonObject): BubbleContent {
  const location = jsonObject(content['location']) ?? {};
  const latitude = jsonText(location['latitude']);
  const longitude = jsonText(location['longitude']);
  const coordinates = latitude && longitude ? `${latitude}, ${longitude}` : null;
  const name = jsonText(location['name']);
  const address = jsonText(location['address']);
  return plain({
    header: {
      kind: 'location',
      label: name ?? address ?? coordinates ?? 'Location',
      detail: name ? (address ?? coordinates) : address ? coordinates : null,
    },
  });
}

function contactsContent(content: JsonObject): BubbleContent {
  const cards = Array.isArray(content['contacts']) ? content['contacts'].map(jsonObject) : [];
  const lines = cards.flatMap((card) => {
    if (!card) return [];
    const name = jsonText(jsonObject(card['name'])?.['formatted_name']) ?? 'Contact';
    const phones = Array.isArray(card['phones']) ? card['phones'].map(jsonObject) : [];
    const phone = phones.map((entry) => jsonText(entry?.['phone'])).find(Boolean);
    return [phone ? `${name} · ${phone}` : name];
  });
  return plain({
    header: { kind: 'contact', label: lines[0] ?? 'Contact', detail: lines.slice(1).join(', ') },
  });
}

function interactiveContent(message: MessageWithContentDto): BubbleContent {
  const interactive = jsonObject(message.content['interactive']) ?? {};
  if (message.direction === 'in') {
    const button = jsonObject(interactive['button_reply']);
    if (button) return plain({ body: jsonText(button['title']), footer: 'Tapped a reply button' });
    const row = jsonObject(interactive['list_reply']);
    if (row) {
      const description = jsonText(row['description']);
      return plain({
        body: jsonText(row['title']),
        footer: description ? `Chose from the list: ${description}` : 'Chose from the list',
      });
    }
    const flow = jsonObject(interactive['nfm_reply']);
    if (flow) return plain({ body: jsonText(flow['body']) ?? 'Sent a form', footer: 'Form reply' });
    return unsupported('interactive');
  }
  const action = jsonObject(interactive['action']) ?? {};
  const buttons: BubbleButton[] = [];
  if (Array.isArray(action['buttons'])) {
    for (const entry of action['buttons']) {
      const title = jsonText(jsonObject(jsonObject(entry)?.['reply'])?.['title']);
      if (title) buttons.push({ text: title, kind: 'reply' });
    }
  }
  const listButton = jsonText(action['button']);
  if (listButton) buttons.push({ text: listButton, kind: 'list' });
  const header = jsonText(jsonObject(interactive['header'])?.['text']);
  return plain({
    header: header ? { kind: 'text', text: header } : null,
    body: jsonText(jsonObject(interactive['body'])?.['text']) ?? message.preview_text,
    footer: jsonText(jsonObject(interactive['footer'])?.['text']),
    buttons,
  });
}

function templateContent(message: MessageWithContentDto): BubbleContent {
  if (message.template) return plain(sentTemplateBubble(message.template));
  // Sent before the API kept templates as the customer read them: the name and the values.
  const template = jsonObject(message.content['template']) ?? {};
  const name = jsonText(template['name']) ?? 'template';
  const language = jsonText(jsonObject(template['language'])?.['code']);
  const values: string[] = [];
  if (Array.isArray(template['components'])) {
    for (const component of template['components']) {
      const parameters = jsonObject(component)?.['parameters'];
      if (!Array.isArray(parameters)) continue;
      for (const parameter of parameters) {
        const value = jsonText(jsonObject(parameter)?.['text']);
        if (value) values.push(value);
      }
    }
  }
  return plain({
    header: { kind: 'text', text: `Template ${name}` },
    body: values.length > 0 ? values.join(' · ') : null,
    footer: language ? `Approved template · ${language}` : 'Approved template',
  });
}

/** What a message's bubble shows, from its Graph API object (ours) or Meta's (theirs). */
function contentOf(message: MessageWithContentDto, options: ThreadOptions): BubbleContent {
  const content = message.content;
  const type = message.message_type;
  if (isMediaKind(type)) return mediaContent(message, type, options);
  switch (type) {
    case 'text':
      return plain({
        body: jsonText(jsonObject(content['text'])?.['body']) ?? message.preview_text,
      });
    case 'location':
      return locationContent(content);
    case 'contacts':
      return contactsContent(content);
    case 'interactive':
      return interactiveContent(message);
    case 'button': {
      const button = jsonObject(content['button']) ?? {};
      return plain({
        body: jsonText(button['text']) ?? jsonText(button['payload']),
        footer: 'Tapped a template button',
      });
    }
    case 'template':
      return templateContent(message);
    case 'order': {
      const order = jsonObject(content['order']) ?? {};
      const count = Array.isArray(order['product_items']) ? order['product_items'].length : 0;
      return plain({
        body: jsonText(order['text']) ?? 'Order',
        footer: count > 0 ? `Order · ${count} ${count === 1 ? 'item' : 'items'}` : 'Order',
      });
    }
    default:
      return message.preview_text.trim() && type !== 'unsupported'
        ? plain({ body: message.preview_text })
        : // Meta says why it could not pass the message on (e.g. 131051, type unknown).
          unsupported(type, message.direction === 'in' ? (message.error?.title ?? null) : null);
  }
}

interface Reaction {
  readonly target: string;
  readonly emoji: string;
  readonly direction: 'in' | 'out';
  readonly id: string;
}

/** The reactions that stand: the latest of each side per message (an empty emoji removes it). */
function currentReactions(messages: readonly MessageWithContentDto[]): Reaction[] {
  const latest = new Map<string, Reaction>();
  for (const message of messages) {
    if (message.message_type !== 'reaction') continue;
    if (message.direction === 'out' && message.status === 'failed') continue;
    const reaction = jsonObject(message.content['reaction']);
    const target = jsonText(reaction?.['message_id']);
    if (!target) continue;
    // Oldest first: a later reaction of the same side replaces the earlier one.
    latest.set(`${message.direction}|${target}`, {
      target,
      emoji: typeof reaction?.['emoji'] === 'string' ? reaction['emoji'] : '',
      direction: message.direction,
      id: message.id,
    });
  }
  return [...latest.values()].filter((reaction) => reaction.emoji !== '');
}

function reactionLabel(reaction: Reaction, contactName: string): string {
  return `${reaction.direction === 'in' ? contactName : 'You'} reacted ${reaction.emoji}`;
}

/**
 * A conversation's messages (newest first, as the API pages them) as the thread shows them,
 * oldest first: a heading per day, a bubble per message with the message it replies to quoted
 * and the reactions to it under it (reactions are not bubbles of their own), and notes for
 * WhatsApp's system messages.
 */
export function buildThread(
  newestFirst: readonly MessageWithContentDto[],
  options: ThreadOptions,
): ThreadItem[] {
  const messages = [...newestFirst].reverse();
  const byWamid = new Map<string, MessageWithContentDto>();
  for (const message of messages) {
    if (message.wa_message_id) byWamid.set(message.wa_message_id, message);
  }
  const reactionsByTarget = new Map<string, Reaction[]>();
  const orphans: Reaction[] = [];
  for (const reaction of currentReactions(messages)) {
    if (byWamid.has(reaction.target)) {
      reactionsByTarget.set(reaction.target, [
        ...(reactionsByTarget.get(reaction.target) ?? []),
        reaction,
      ]);
    } else {
      orphans.push(reaction);
    }
  }

  const items: ThreadItem[] = [];
  let day = '';
  for (const message of messages) {
    if (message.message_type === 'reaction') {
      const orphan = orphans.find((reaction) => reaction.id === message.id);
      if (orphan && options.complete) {
        items.push({
          kind: 'note',
          id: message.id,
          text: `${reactionLabel(orphan, options.contactName)} to a message that isn't shown here`,
        });
      }
      continue;
    }
    const time = message.received_at ?? message.created_at;
    const key = dayKey(time);
    if (key !== day) {
      day = key;
      items.push({ kind: 'day', id: `day-${key}`, label: formatDayHeading(time, options.now) });
    }
    if (message.message_type === 'system') {
      const body =
        jsonText(jsonObject(message.content['system'])?.['body']) ?? message.preview_text;
      items.push({ kind: 'note', id: message.id, text: body || 'WhatsApp system message' });
      continue;
    }
    const { bubble, media, emptyText } = contentOf(message, options);
    const quoted = message.context_wa_message_id
      ? byWamid.get(message.context_wa_message_id)
      : undefined;
    items.push({
      kind: 'message',
      id: message.id,
      message,
      direction: message.direction,
      bubble: {
        ...bubble,
        quote: message.context_wa_message_id
          ? quoted
            ? messageSummary(quoted.message_type, quoted.preview_text)
            : 'An earlier message'
          : null,
      },
      emptyText,
      media,
      reactions: (message.wa_message_id
        ? (reactionsByTarget.get(message.wa_message_id) ?? [])
        : []
      ).map((reaction) => ({
        emoji: reaction.emoji,
        direction: reaction.direction,
        label: reactionLabel(reaction, options.contactName),
      })),
      status: message.direction === 'out' ? STATUS[message.status] : null,
      // Why ours failed; a customer's message only carries Meta's note on what it left out.
      error: message.direction === 'out' ? message.error : null,
      time,
      quoteText: messageSummary(message.message_type, message.preview_text),
      canReply: Boolean(message.wa_message_id),
    });
  }
  return items;
}

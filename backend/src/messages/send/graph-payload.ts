import { type InteractiveDto, type SendMessageDto } from './dto/send-message.dto.js';

/** The type-specific part of a Graph API message and a short text for previews and search. */
export interface GraphPayload {
  readonly type: string;
  readonly body: Record<string, unknown>;
  readonly preview: string;
}

/** Builds Meta's message object from a validated request (context and addressing are added by the caller). */
export function buildGraphPayload(dto: SendMessageDto, reactionTargetWamid?: string): GraphPayload {
  switch (dto.message_type) {
    case 'text':
      return {
        type: 'text',
        body: { text: { body: dto.text, preview_url: dto.preview_url ?? false } },
        preview: dto.text ?? '',
      };
    case 'template':
      return {
        type: 'template',
        body: {
          template: {
            name: dto.template_name,
            language: { code: dto.template_language ?? 'en_US' },
            ...(dto.template_components?.length ? { components: dto.template_components } : {}),
          },
        },
        preview: `Template: ${dto.template_name ?? ''}`,
      };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media = dto.media ?? {};
      const object: Record<string, unknown> = media.id ? { id: media.id } : { link: media.link };
      // Meta refuses captions on audio and stickers, and filenames on anything but documents.
      if (media.caption && dto.message_type !== 'audio' && dto.message_type !== 'sticker')
        object['caption'] = media.caption;
      if (media.filename && dto.message_type === 'document') object['filename'] = media.filename;
      return {
        type: dto.message_type,
        body: { [dto.message_type]: object },
        preview: media.caption ?? media.filename ?? `[${dto.message_type}]`,
      };
    }
    case 'interactive':
      return {
        type: 'interactive',
        body: { interactive: interactiveObject(dto.interactive!) },
        preview: dto.interactive?.body ?? '',
      };
    case 'location':
      return {
        type: 'location',
        body: { location: { ...dto.location } },
        preview:
          dto.location?.name ?? `Location ${dto.location?.latitude}, ${dto.location?.longitude}`,
      };
    case 'contacts':
      return {
        type: 'contacts',
        body: { contacts: dto.contacts },
        preview: (dto.contacts ?? [])
          .map((c) =>
            String(
              (c['name'] as { formatted_name?: string } | undefined)?.formatted_name ?? 'Contact',
            ),
          )
          .join(', '),
      };
    case 'reaction':
      return {
        type: 'reaction',
        body: { reaction: { message_id: reactionTargetWamid, emoji: dto.reaction?.emoji ?? '' } },
        preview: dto.reaction?.emoji ? `Reacted ${dto.reaction.emoji}` : 'Removed a reaction',
      };
  }
}

function interactiveObject(dto: InteractiveDto): Record<string, unknown> {
  const common = {
    type: dto.type,
    body: { text: dto.body },
    ...(dto.header ? { header: { type: 'text', text: dto.header } } : {}),
    ...(dto.footer ? { footer: { text: dto.footer } } : {}),
  };
  if (dto.type === 'button') {
    return {
      ...common,
      action: {
        buttons: (dto.buttons ?? []).map((b) => ({
          type: 'reply',
          reply: { id: b.id, title: b.title },
        })),
      },
    };
  }
  return { ...common, action: { button: dto.button, sections: dto.sections } };
}

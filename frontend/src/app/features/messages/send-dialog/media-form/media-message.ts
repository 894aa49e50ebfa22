import { FormControl, FormGroup } from '@angular/forms';
import { MESSAGE_LIMITS, type MediaType } from '@convis/contracts';
import type { MediaDto } from '../../../../core/api/models/media-dto';
import type { WhatsAppBubble } from '../../../../shared/whatsapp-preview/whatsapp-message';
import {
  createMediaSourceForm,
  mediaLabel,
  mediaReference,
} from '../../../../shared/media-source/media-source';
import { maxCharsValidator } from '../../../../shared/forms/message-validators';
import { type MessagePart, optionalText, setEnabled } from '../../../../shared/forms/message-part';

/** Captions go with images, videos and documents; audio and stickers have none. */
export function hasCaption(kind: MediaType): boolean {
  return kind === 'image' || kind === 'video' || kind === 'document';
}

export function createMediaForm() {
  const form = new FormGroup({
    kind: new FormControl<MediaType>('image', { nonNullable: true }),
    source: createMediaSourceForm(),
    caption: new FormControl('', {
      nonNullable: true,
      validators: [maxCharsValidator(MESSAGE_LIMITS.caption)],
    }),
    /** Documents only: the name the recipient sees. */
    filename: new FormControl('', {
      nonNullable: true,
      validators: [maxCharsValidator(MESSAGE_LIMITS.filename)],
    }),
  });
  form.controls.kind.valueChanges.subscribe(() => applyMediaRules(form));
  applyMediaRules(form);
  return form;
}

export type MediaForm = ReturnType<typeof createMediaForm>;
export type MediaValue = ReturnType<MediaForm['getRawValue']>;

function applyMediaRules(form: MediaForm): void {
  const kind = form.controls.kind.value;
  setEnabled(form.controls.caption, hasCaption(kind));
  setEnabled(form.controls.filename, kind === 'document');
}

export function mediaMessage(form: MediaForm): MessagePart {
  const { kind, source, caption, filename } = form.getRawValue();
  const media: MediaDto = { ...mediaReference(source) };
  const captionText = hasCaption(kind) ? optionalText(caption) : undefined;
  if (captionText) media.caption = captionText;
  if (kind === 'document') {
    const name = optionalText(filename) ?? (source.source === 'upload' ? source.file_name : '');
    if (name) media.filename = name;
  }
  const { controls } = form;
  return {
    content: { message_type: kind, media },
    fields: [
      ['media', controls.source],
      ['media.id', controls.source.controls.media_id],
      ['media.link', controls.source.controls.link],
      ['media.caption', controls.caption],
      ['media.filename', controls.filename],
    ],
  };
}

export function mediaBubble({ kind, source, caption, filename }: MediaValue): WhatsAppBubble {
  const label = (kind === 'document' && filename.trim()) || mediaLabel(source);
  return {
    header: { kind, label },
    body: hasCaption(kind) ? caption : null,
  };
}

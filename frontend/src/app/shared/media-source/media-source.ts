import { FormControl, FormGroup } from '@angular/forms';
import { MESSAGE_LIMITS } from '@convis/contracts';
import type { MediaDto } from '../../core/api/models/media-dto';
import { formatValidator } from '../forms/validators';
import { maxCharsValidator, requiredTextValidator } from '../forms/message-validators';
import { setEnabled } from '../forms/message-part';

export type MediaSourceKind = 'upload' | 'link';

/** An https URL, as the server checks `media.link`. */
export const HTTPS_LINK_PATTERN = /^https:\/\/\S+$/;

/**
 * Where a media file comes from: uploaded through the API (its media id) or a public https link
 * Meta downloads. Only the chosen one is enabled, so the group is valid once it is filled.
 */
export function createMediaSourceForm() {
  const form = new FormGroup({
    source: new FormControl<MediaSourceKind>('upload', { nonNullable: true }),
    /** Meta's media id of the uploaded file. */
    media_id: new FormControl('', { nonNullable: true, validators: [requiredTextValidator] }),
    /** Name, type and account of the uploaded file (shown, and the default document name). */
    file_name: new FormControl('', { nonNullable: true }),
    mime_type: new FormControl('', { nonNullable: true }),
    uploaded_for: new FormControl('', { nonNullable: true }),
    link: new FormControl('', {
      nonNullable: true,
      validators: [
        requiredTextValidator,
        formatValidator(HTTPS_LINK_PATTERN, 'Enter an https:// link to the file.'),
        maxCharsValidator(MESSAGE_LIMITS.link),
      ],
    }),
  });
  form.controls.source.valueChanges.subscribe(() => applyMediaSourceRules(form));
  applyMediaSourceRules(form);
  return form;
}

export type MediaSourceForm = ReturnType<typeof createMediaSourceForm>;
export type MediaSourceValue = ReturnType<MediaSourceForm['getRawValue']>;

/** Enables the field of the chosen source only. Call it after enabling the whole group. */
export function applyMediaSourceRules(form: MediaSourceForm): void {
  if (form.disabled) return;
  const upload = form.controls.source.value === 'upload';
  setEnabled(form.controls.media_id, upload);
  setEnabled(form.controls.link, !upload);
}

/** Enables the group (with its rules) or disables it. */
export function setMediaSourceEnabled(form: MediaSourceForm, enabled: boolean): void {
  if (enabled === form.enabled) return;
  if (enabled) {
    form.enable();
    applyMediaSourceRules(form);
  } else {
    form.disable();
  }
}

/** Forgets the uploaded file. */
export function clearUpload(form: MediaSourceForm): void {
  form.patchValue({ media_id: '', file_name: '', mime_type: '', uploaded_for: '' });
}

/** `{ id }` or `{ link }`, as `media` and template header parameters take them. */
export function mediaReference(value: MediaSourceValue): Pick<MediaDto, 'id' | 'link'> {
  return value.source === 'upload' ? { id: value.media_id } : { link: value.link.trim() };
}

/** What a preview shows for the file: its name, or the link. */
export function mediaLabel(value: MediaSourceValue): string | null {
  return (value.source === 'upload' ? value.file_name : value.link.trim()) || null;
}

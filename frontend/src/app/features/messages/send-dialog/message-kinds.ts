/** The kinds of message the dialog composes, one form each. */
export type MessageKind = 'text' | 'template' | 'media' | 'interactive' | 'location';

export const MESSAGE_KINDS: readonly {
  readonly kind: MessageKind;
  readonly label: string;
  readonly icon: string;
}[] = [
  { kind: 'text', label: 'Text', icon: 'notes' },
  { kind: 'template', label: 'Template', icon: 'article' },
  { kind: 'media', label: 'Media', icon: 'perm_media' },
  { kind: 'interactive', label: 'Buttons / list', icon: 'smart_button' },
  { kind: 'location', label: 'Location', icon: 'location_on' },
];

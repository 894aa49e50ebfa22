/** Live events of an organization, sent to the console over Server-Sent Events. */
export type LiveEventType =
  | 'message.created'
  | 'message.status'
  | 'message.inbound'
  | 'credential.changed'
  | 'template.changed';

export interface LiveEvent {
  readonly type: LiveEventType;
  readonly organizationId: string;
  /** Small JSON payload (ids and changed fields); clients refetch details when they need more. */
  readonly data: Record<string, unknown>;
}

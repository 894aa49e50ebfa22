/**
 * Meta's Cloud API limits on what a message may hold, in characters as `charCount` counts them
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages). The API refuses a longer value with 400; the console's fields stop
 * at the same length.
 */
export const MESSAGE_LIMITS = {
  text: 4096,
  caption: 1024,
  /** A document's file name, as the recipient sees it. */
  filename: 240,
  /** A media link (an https:// URL Meta downloads the file from). */
  link: 2048,
  interactiveBody: 1024,
  interactiveHeaderFooter: 60,
  /** Reply buttons of an interactive message: 1 to this many. */
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  /** The label of the button that opens a list. */
  listButton: 20,
  listSections: 10,
  /** Rows of a list, across all its sections. */
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  sectionTitle: 24,
  locationName: 1000,
  locationAddress: 1000,
} as const;

/** The message types the API sends (`message_type`), as Meta names them. */
export const MESSAGE_TYPES = [
  'text',
  'template',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'interactive',
  'location',
  'contacts',
  'reaction',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

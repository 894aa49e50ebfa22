// Validation of the type-specific part of `POST /{phone-number-id}/messages`, with Meta's codes:
// a missing field -> 131008, a wrong value or count -> 131009, a length limit -> 100.
// Meta's limits are @convis/contracts' MESSAGE_LIMITS, the ones the backend and the console check.
import { charCount, MESSAGE_LIMITS, MESSAGE_TYPES, type MessageType } from '@convis/contracts';
import { invalid131009, required131008, tooLong } from './graph-error.ts';
import { asNumber, describe, isRecord, type JsonObject } from './json.ts';

export function isMessageType(value: string): value is MessageType {
  return (MESSAGE_TYPES as readonly string[]).includes(value);
}

const INTERACTIVE_TYPES = [
  'button',
  'list',
  'cta_url',
  'flow',
  'product',
  'product_list',
  'catalog_message',
  'location_request_message',
  'address_message',
  'call_permission_request',
];

export interface PayloadContext {
  /** Whether a media id may be used by this phone number. */
  mediaExists(id: string): boolean;
}

function requireObject(value: unknown, path: string): JsonObject {
  if (value === undefined || value === null)
    throw required131008(`The parameter ${path} is required.`);
  if (!isRecord(value)) throw invalid131009(`The parameter ${path} must be an object.`);
  return value;
}

function requireText(value: unknown, path: string, max?: number): string {
  if (value === undefined || value === null || value === '') {
    throw required131008(`The parameter ${path} is required.`);
  }
  if (typeof value !== 'string') throw invalid131009(`The parameter ${path} must be a string.`);
  if (max !== undefined && charCount(value) > max) throw tooLong(path, max, true);
  return value;
}

function optionalText(value: unknown, path: string, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw invalid131009(`The parameter ${path} must be a string.`);
  if (charCount(value) > max) throw tooLong(path, max, true);
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

/** `{id}` or `{link}` (exactly one), as for image/video/audio/document/sticker. */
export function checkMediaObject(value: unknown, path: string, ctx: PayloadContext): void {
  const media = requireObject(value, path);
  const id = media['id'];
  const link = media['link'];
  if (id === undefined && link === undefined) {
    throw required131008(`The parameter ${path}['id'] or ${path}['link'] is required.`);
  }
  if (id !== undefined && link !== undefined) {
    throw invalid131009(`Only one of ${path}['id'] and ${path}['link'] may be set.`);
  }
  if (id !== undefined) {
    if (typeof id !== 'string' || !ctx.mediaExists(id)) {
      throw invalid131009(
        `${path}['id'] ${describe(id)} is not a valid media id for this phone number.`,
      );
    }
  } else if (typeof link !== 'string' || !isHttpUrl(link)) {
    throw invalid131009(`${path}['link'] must be an http(s) URL.`);
  }
  optionalText(media['caption'], `${path}['caption']`, MESSAGE_LIMITS.caption);
}

function checkText(body: JsonObject): void {
  const text = requireObject(body['text'], 'text');
  requireText(text['body'], "text['body']", MESSAGE_LIMITS.text);
  if (text['preview_url'] !== undefined && typeof text['preview_url'] !== 'boolean') {
    throw invalid131009("The parameter text['preview_url'] must be a boolean.");
  }
}

function checkInteractiveHeader(
  value: unknown,
  interactiveType: string,
  ctx: PayloadContext,
): void {
  if (value === undefined) return;
  const header = requireObject(value, "interactive['header']");
  const type = requireText(header['type'], "interactive['header']['type']");
  if (!['text', 'image', 'video', 'document'].includes(type)) {
    throw invalid131009(
      `interactive['header']['type'] must be one of text, image, video, document; got ${type}.`,
    );
  }
  if (interactiveType === 'list' && type !== 'text') {
    throw invalid131009('A list message header can only be of type text.');
  }
  if (type === 'text') {
    requireText(
      header['text'],
      "interactive['header']['text']",
      MESSAGE_LIMITS.interactiveHeaderFooter,
    );
  } else checkMediaObject(header[type], `interactive['header']['${type}']`, ctx);
}

function checkButtons(action: JsonObject): void {
  const buttons = action['buttons'];
  if (buttons === undefined)
    throw required131008("The parameter interactive['action']['buttons'] is required.");
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > MESSAGE_LIMITS.buttons) {
    throw invalid131009(
      `Buttons count is invalid. Min allowed buttons: 1, Max allowed buttons: ${MESSAGE_LIMITS.buttons}; got ${Array.isArray(buttons) ? buttons.length : 'not an array'}.`,
    );
  }
  const ids = new Set<string>();
  const titles = new Set<string>();
  buttons.forEach((b: unknown, i) => {
    const path = `interactive['action']['buttons'][${i}]`;
    const button = requireObject(b, path);
    if (button['type'] !== 'reply') throw invalid131009(`${path}['type'] must be "reply".`);
    const reply = requireObject(button['reply'], `${path}['reply']`);
    const id = requireText(reply['id'], `${path}['reply']['id']`, MESSAGE_LIMITS.buttonId);
    const title = requireText(
      reply['title'],
      `${path}['reply']['title']`,
      MESSAGE_LIMITS.buttonTitle,
    );
    if (ids.has(id)) throw invalid131009(`Button ids must be unique; "${id}" is used twice.`);
    if (titles.has(title))
      throw invalid131009(`Button titles must be unique; "${title}" is used twice.`);
    ids.add(id);
    titles.add(title);
  });
}

function checkList(action: JsonObject): void {
  requireText(action['button'], "interactive['action']['button']", MESSAGE_LIMITS.listButton);
  const sections = action['sections'];
  if (sections === undefined)
    throw required131008("The parameter interactive['action']['sections'] is required.");
  if (
    !Array.isArray(sections) ||
    sections.length < 1 ||
    sections.length > MESSAGE_LIMITS.listSections
  ) {
    throw invalid131009(
      `Sections count is invalid. Min allowed sections: 1, Max allowed sections: ${MESSAGE_LIMITS.listSections}.`,
    );
  }
  let totalRows = 0;
  const rowIds = new Set<string>();
  sections.forEach((s: unknown, i) => {
    const path = `interactive['action']['sections'][${i}]`;
    const section = requireObject(s, path);
    if (sections.length > 1)
      requireText(section['title'], `${path}['title']`, MESSAGE_LIMITS.sectionTitle);
    else optionalText(section['title'], `${path}['title']`, MESSAGE_LIMITS.sectionTitle);
    const rows = section['rows'];
    if (rows === undefined) throw required131008(`The parameter ${path}['rows'] is required.`);
    if (!Array.isArray(rows) || rows.length < 1 || rows.length > MESSAGE_LIMITS.listRows) {
      throw invalid131009(
        `Rows count is invalid in ${path}. Min allowed rows: 1, Max allowed rows: ${MESSAGE_LIMITS.listRows}.`,
      );
    }
    totalRows += rows.length;
    rows.forEach((r: unknown, j) => {
      const rowPath = `${path}['rows'][${j}]`;
      const row = requireObject(r, rowPath);
      const id = requireText(row['id'], `${rowPath}['id']`, MESSAGE_LIMITS.rowId);
      requireText(row['title'], `${rowPath}['title']`, MESSAGE_LIMITS.rowTitle);
      optionalText(row['description'], `${rowPath}['description']`, MESSAGE_LIMITS.rowDescription);
      if (rowIds.has(id)) throw invalid131009(`Row ids must be unique; "${id}" is used twice.`);
      rowIds.add(id);
    });
  });
  if (totalRows > MESSAGE_LIMITS.listRows) {
    throw invalid131009(
      `Total row count exceeded. Max allowed rows across all sections: ${MESSAGE_LIMITS.listRows}; got ${totalRows}.`,
    );
  }
}

function checkInteractive(body: JsonObject, ctx: PayloadContext): void {
  const interactive = requireObject(body['interactive'], 'interactive');
  const type = requireText(interactive['type'], "interactive['type']");
  if (!INTERACTIVE_TYPES.includes(type)) {
    throw invalid131009(
      `interactive['type'] must be one of ${INTERACTIVE_TYPES.join(', ')}; got ${type}.`,
    );
  }
  checkInteractiveHeader(interactive['header'], type, ctx);
  if (
    type !== 'product' &&
    type !== 'location_request_message' &&
    type !== 'call_permission_request'
  ) {
    const bodyObject = requireObject(interactive['body'], "interactive['body']");
    requireText(bodyObject['text'], "interactive['body']['text']", MESSAGE_LIMITS.interactiveBody);
  } else if (interactive['body'] !== undefined) {
    const bodyObject = requireObject(interactive['body'], "interactive['body']");
    optionalText(bodyObject['text'], "interactive['body']['text']", MESSAGE_LIMITS.interactiveBody);
  }
  if (interactive['footer'] !== undefined) {
    const footer = requireObject(interactive['footer'], "interactive['footer']");
    requireText(
      footer['text'],
      "interactive['footer']['text']",
      MESSAGE_LIMITS.interactiveHeaderFooter,
    );
  }
  const action = requireObject(interactive['action'], "interactive['action']");
  if (type === 'button') checkButtons(action);
  else if (type === 'list') checkList(action);
  else if (type === 'cta_url') {
    const params = requireObject(action['parameters'], "interactive['action']['parameters']");
    requireText(params['display_text'], "interactive['action']['parameters']['display_text']", 20);
    const url = requireText(params['url'], "interactive['action']['parameters']['url']");
    if (!isHttpUrl(url))
      throw invalid131009("interactive['action']['parameters']['url'] must be an http(s) URL.");
  } else if (type === 'flow') {
    const params = requireObject(action['parameters'], "interactive['action']['parameters']");
    requireText(
      params['flow_message_version'],
      "interactive['action']['parameters']['flow_message_version']",
    );
    requireText(params['flow_cta'], "interactive['action']['parameters']['flow_cta']", 30);
    if (params['flow_id'] === undefined && params['flow_name'] === undefined) {
      throw required131008(
        "The parameter interactive['action']['parameters']['flow_id'] or ['flow_name'] is required.",
      );
    }
  }
}

function checkReaction(body: JsonObject): void {
  const reaction = requireObject(body['reaction'], 'reaction');
  requireText(reaction['message_id'], "reaction['message_id']");
  if (typeof reaction['emoji'] !== 'string') {
    throw required131008(
      "The parameter reaction['emoji'] is required (an empty string removes a reaction).",
    );
  }
}

function checkLocation(body: JsonObject): void {
  const location = requireObject(body['location'], 'location');
  for (const [key, limit] of [
    ['latitude', 90],
    ['longitude', 180],
  ] as const) {
    const raw = location[key];
    if (raw === undefined || raw === null || raw === '') {
      throw required131008(`The parameter location['${key}'] is required.`);
    }
    const value = asNumber(raw);
    if (value === undefined || Math.abs(value) > limit) {
      throw invalid131009(`location['${key}'] must be a number between -${limit} and ${limit}.`);
    }
  }
  optionalText(location['name'], "location['name']", MESSAGE_LIMITS.locationName);
  optionalText(location['address'], "location['address']", MESSAGE_LIMITS.locationAddress);
}

function checkContacts(body: JsonObject): void {
  const contacts = body['contacts'];
  if (contacts === undefined) throw required131008('The parameter contacts is required.');
  if (!Array.isArray(contacts) || contacts.length === 0) {
    throw invalid131009('The parameter contacts must be a non-empty array.');
  }
  contacts.forEach((c: unknown, i) => {
    const contact = requireObject(c, `contacts[${i}]`);
    const name = requireObject(contact['name'], `contacts[${i}]['name']`);
    requireText(name['formatted_name'], `contacts[${i}]['name']['formatted_name']`);
  });
}

/** The structural part of `template` (the template itself is checked against the store). */
export function checkTemplateShape(body: JsonObject): { name: string; language: string } {
  const template = requireObject(body['template'], 'template');
  const name = requireText(template['name'], "template['name']");
  const language = requireObject(template['language'], "template['language']");
  const code = requireText(language['code'], "template['language']['code']");
  return { name, language: code };
}

/** Validates the object named after `type`. */
export function checkPayload(type: MessageType, body: JsonObject, ctx: PayloadContext): void {
  switch (type) {
    case 'text':
      return checkText(body);
    case 'template':
      checkTemplateShape(body);
      return;
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return checkMediaObject(body[type], type, ctx);
    case 'interactive':
      return checkInteractive(body, ctx);
    case 'reaction':
      return checkReaction(body);
    case 'location':
      return checkLocation(body);
    case 'contacts':
      return checkContacts(body);
  }
}

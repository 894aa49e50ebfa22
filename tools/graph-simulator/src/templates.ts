// Message templates: creation rules, the parameter check when a template is sent, and paging.
import {
  charCount,
  checkTemplate,
  TEMPLATE_NAME_PATTERN,
  templatePlaceholders,
  type TemplateIssue,
} from '@convis/contracts';
import {
  GraphError,
  invalid131009,
  invalidParameter,
  metaError,
  missingParameter,
  required131008,
} from './graph-error.ts';
import { isRecord, asString, describe, type JsonObject } from './json.ts';
import type { Template, TemplateButton, TemplateCategory, TemplateComponent } from './types.ts';

function componentOf(template: Template, type: string): TemplateComponent | undefined {
  return template.components.find((c) => c.type.toUpperCase() === type);
}

type HeaderExpectation =
  { kind: 'none' } | { kind: 'text'; names: string[] } | { kind: 'media'; format: string };

interface ButtonExpectation {
  index: number;
  type: string;
  params: number;
  optional: boolean;
}

interface Expectations {
  header: HeaderExpectation;
  body: string[];
  buttons: ButtonExpectation[];
}

/** What a send of `template` must carry, counted from the `{{n}}` placeholders of its components. */
export function expectations(template: Template): Expectations {
  const header = componentOf(template, 'HEADER');
  let headerExp: HeaderExpectation = { kind: 'none' };
  if (header) {
    const format = (header.format ?? 'TEXT').toUpperCase();
    headerExp =
      format === 'TEXT'
        ? { kind: 'text', names: templatePlaceholders(header.text) }
        : { kind: 'media', format };
  }
  const body = componentOf(template, 'BODY');
  let bodyNames = templatePlaceholders(body?.text);
  if (template.category === 'AUTHENTICATION' && body && !body.text) bodyNames = ['1'];
  const buttons: ButtonExpectation[] = [];
  const buttonList = componentOf(template, 'BUTTONS')?.buttons ?? [];
  buttonList.forEach((button, index) => {
    const type = button.type.toUpperCase();
    if (type === 'URL') {
      const count = templatePlaceholders(button.url).length;
      buttons.push({ index, type, params: count, optional: false });
    } else if (type === 'OTP' || type === 'COPY_CODE') {
      buttons.push({ index, type, params: 1, optional: false });
    } else if (['QUICK_REPLY', 'FLOW', 'CATALOG', 'MPM'].includes(type)) {
      buttons.push({ index, type, params: 1, optional: true });
    } else {
      buttons.push({ index, type, params: 0, optional: false });
    }
  });
  return { header: headerExp, body: bodyNames, buttons };
}

function mismatch(component: string, got: number, expected: number): GraphError {
  return metaError(132000, {
    details: `${component}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
  });
}

function paramsOf(component: JsonObject, where: string): JsonObject[] {
  const params = component['parameters'];
  if (params === undefined) return [];
  if (!Array.isArray(params)) throw invalid131009(`${where}: parameters must be an array`);
  return params.map((p, i) => {
    if (!isRecord(p)) throw invalid131009(`${where}: parameter ${i + 1} must be an object`);
    if (typeof p['type'] !== 'string')
      throw required131008(`${where}: parameter ${i + 1} is missing type`);
    return p;
  });
}

function checkTextParams(params: JsonObject[], where: string): void {
  params.forEach((p, i) => {
    if (p['type'] !== 'text') return;
    const text = p['text'];
    if (typeof text !== 'string')
      throw required131008(`${where}: parameter ${i + 1} is missing text`);
    if (/[\n\t]| {5,}/.test(text)) {
      throw metaError(132018, {
        details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
      });
    }
  });
}

/** Checks the `template.components` of a send against an approved template. */
export function checkTemplateParams(template: Template, sentComponents: unknown): void {
  if (sentComponents !== undefined && !Array.isArray(sentComponents)) {
    throw invalid131009('template.components must be an array');
  }
  const sent = (sentComponents ?? []) as unknown[];
  let header: JsonObject | undefined;
  let body: JsonObject | undefined;
  const buttons = new Map<number, JsonObject>();
  for (const [i, item] of sent.entries()) {
    if (!isRecord(item)) throw invalid131009(`template.components[${i}] must be an object`);
    const type = asString(item['type'])?.toLowerCase();
    if (type === 'header') header = item;
    else if (type === 'body') body = item;
    else if (type === 'button') {
      const subType = asString(item['sub_type']);
      if (!subType) throw required131008(`button at position ${i}: sub_type is required`);
      const rawIndex = item['index'];
      const index = typeof rawIndex === 'number' ? rawIndex : Number(asString(rawIndex) ?? NaN);
      if (!Number.isInteger(index) || index < 0 || index > 9) {
        throw required131008(`button at position ${i}: index (0-9) is required`);
      }
      buttons.set(index, item);
    } else {
      throw invalid131009(
        `template.components[${i}].type must be one of header, body, button; got ${describe(item['type'])}`,
      );
    }
  }

  const exp = expectations(template);

  // Header
  const headerParams = header ? paramsOf(header, 'header') : [];
  switch (exp.header.kind) {
    case 'none':
      if (headerParams.length > 0) throw mismatch('header', headerParams.length, 0);
      break;
    case 'text':
      if (headerParams.length !== exp.header.names.length) {
        throw mismatch('header', headerParams.length, exp.header.names.length);
      }
      checkTextParams(headerParams, 'header');
      break;
    case 'media': {
      const expected = exp.header.format;
      const first = headerParams[0];
      const got = first ? String(first['type']).toUpperCase() : 'UNKNOWN';
      if (got !== expected) {
        throw metaError(132012, {
          details: `header: Format mismatch, expected ${expected}, received ${got}`,
        });
      }
      if (headerParams.length !== 1) throw mismatch('header', headerParams.length, 1);
      const media = first?.[expected.toLowerCase()];
      if (expected !== 'LOCATION' && !(isRecord(media) && (media['id'] || media['link']))) {
        throw required131008(
          `header: the ${expected.toLowerCase()} parameter needs a link or an id`,
        );
      }
      break;
    }
  }

  // Body
  const bodyParams = body ? paramsOf(body, 'body') : [];
  if (bodyParams.length !== exp.body.length)
    throw mismatch('body', bodyParams.length, exp.body.length);
  if (template.parameter_format === 'NAMED') {
    const names = bodyParams.map((p) => asString(p['parameter_name']) ?? '');
    const missing = exp.body.filter((n) => !names.includes(n));
    if (missing.length > 0) {
      throw metaError(132000, {
        details: `body: missing named parameter(s) ${missing.join(', ')} (send parameter_name for each)`,
      });
    }
  }
  checkTextParams(bodyParams, 'body');

  // Buttons
  for (const [index, component] of buttons) {
    const expected = exp.buttons[index];
    if (!expected) {
      throw invalid131009(`button: index ${index} does not exist in template ${template.name}`);
    }
    const params = paramsOf(component, 'button');
    if (expected.optional ? params.length > expected.params : params.length !== expected.params) {
      throw mismatch('button', params.length, expected.params);
    }
  }
  for (const expected of exp.buttons) {
    if (!expected.optional && expected.params > 0 && !buttons.has(expected.index)) {
      throw mismatch('button', 0, expected.params);
    }
  }
}

// ---------------------------------------------------------------- creation

const CATEGORIES: TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const COMPONENT_TYPES = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'];
const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'];

export interface NewTemplate {
  name: string;
  language: string;
  category: TemplateCategory;
  components: TemplateComponent[];
  parameter_format: 'POSITIONAL' | 'NAMED';
}

function templateError(title: string, message: string): GraphError {
  return new GraphError({
    status: 400,
    code: 100,
    message: '(#100) Invalid parameter',
    userTitle: title,
    userMsg: message,
  });
}

function hasExample(component: TemplateComponent, keys: string[]): boolean {
  const example = component.example;
  return isRecord(example) && keys.some((k) => example[k] !== undefined);
}

/** Validates a `POST /{waba-id}/message_templates` body. */
export function parseNewTemplate(body: JsonObject): NewTemplate {
  const name = asString(body['name']);
  if (!name) throw missingParameter('name');
  if (!TEMPLATE_NAME_PATTERN.test(name) || charCount(name) > 512) {
    throw templateError(
      'Invalid template name',
      'Template names can only contain lowercase letters, numbers and underscores (at most 512 characters).',
    );
  }
  const language = asString(body['language']);
  if (!language) throw missingParameter('language');
  if (!/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(language)) {
    throw templateError('Invalid language', `The language code ${language} is not supported.`);
  }
  const rawCategory = asString(body['category'])?.toUpperCase();
  if (!rawCategory) throw missingParameter('category');
  const category = CATEGORIES.find((c) => c === rawCategory);
  if (!category) {
    throw invalidParameter(
      `Param category must be one of {${CATEGORIES.join(', ')}} - got "${rawCategory}".`,
    );
  }
  const rawFormat = asString(body['parameter_format'])?.toUpperCase() ?? 'POSITIONAL';
  if (rawFormat !== 'POSITIONAL' && rawFormat !== 'NAMED') {
    throw invalidParameter('Param parameter_format must be one of {POSITIONAL, NAMED}.');
  }
  const rawComponents = body['components'];
  if (!Array.isArray(rawComponents) || rawComponents.length === 0) {
    throw missingParameter('components');
  }
  const components: TemplateComponent[] = rawComponents.map((c, i) => {
    if (!isRecord(c) || typeof c['type'] !== 'string') {
      throw invalidParameter(`Param components[${i}][type] is required.`);
    }
    const type = c['type'].toUpperCase();
    if (!COMPONENT_TYPES.includes(type)) {
      throw invalidParameter(
        `Param components[${i}][type] must be one of {${COMPONENT_TYPES.join(', ')}} - got "${c['type']}".`,
      );
    }
    const component: TemplateComponent = { ...c, type };
    return component;
  });
  const bodies = components.filter((c) => c.type === 'BODY');
  if (bodies.length !== 1) {
    throw templateError('Invalid components', 'A template needs exactly one BODY component.');
  }
  for (const component of components) {
    const text = component.text;
    if (text !== undefined && typeof text !== 'string') {
      throw invalidParameter(`Param ${component.type.toLowerCase()} text must be a string.`);
    }
    if (component.type === 'HEADER') {
      const format = (component.format ?? 'TEXT').toUpperCase();
      if (!HEADER_FORMATS.includes(format)) {
        throw invalidParameter(
          `Param header format must be one of {${HEADER_FORMATS.join(', ')}}.`,
        );
      }
      component.format = format;
      if (format === 'TEXT') {
        if (!text) throw templateError('Invalid header', 'A TEXT header needs text.');
        if (charCount(text) > 60)
          throw templateError('Header too long', 'Header text is limited to 60 characters.');
        if (templatePlaceholders(text).length > 1) {
          throw templateError(
            'Too many header variables',
            'A header can have at most one variable.',
          );
        }
        if (
          templatePlaceholders(text).length > 0 &&
          !hasExample(component, ['header_text', 'header_text_named_params'])
        ) {
          throw templateError(
            'Missing sample values',
            'Header variables need an example (header_text).',
          );
        }
      }
    }
    if (component.type === 'BODY') {
      if (!text && category !== 'AUTHENTICATION')
        throw templateError('Invalid body', 'The BODY needs text.');
      if (text && charCount(text) > 1024) {
        throw templateError('Body too long', 'Body text is limited to 1024 characters.');
      }
      if (
        templatePlaceholders(text).length > 0 &&
        !hasExample(component, ['body_text', 'body_text_named_params'])
      ) {
        throw templateError(
          'Missing sample values',
          'Message template variables need sample values (example.body_text).',
        );
      }
    }
    if (component.type === 'FOOTER' && text && charCount(text) > 60) {
      throw templateError('Footer too long', 'Footer text is limited to 60 characters.');
    }
    if (component.type === 'BUTTONS') {
      const buttons = component.buttons;
      if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 10) {
        throw templateError('Invalid buttons', 'BUTTONS needs between 1 and 10 buttons.');
      }
      component.buttons = buttons.map((b, i) => {
        if (!isRecord(b) || typeof b['type'] !== 'string') {
          throw invalidParameter(`Param buttons[${i}][type] is required.`);
        }
        const button: TemplateButton = { ...b, type: b['type'].toUpperCase() };
        return button;
      });
    }
  }
  const parsed: NewTemplate = { name, language, category, components, parameter_format: rawFormat };
  // The rest of Meta's rules (variables, examples, buttons) as @convis/contracts writes them down;
  // authentication templates have Meta's preset text and OTP buttons, which those rules do not cover.
  if (category !== 'AUTHENTICATION') {
    const issue = checkTemplate(parsed)[0];
    if (issue) throw issueError(issue);
  }
  return parsed;
}

/** A broken template rule as Meta reports it: code 100 with a title and a message for people. */
function issueError(issue: TemplateIssue): GraphError {
  const part = issue.field.replace(/\[\d+\]/, '').split('.')[0] ?? issue.field;
  const titles: Record<string, string> = {
    name: 'Invalid template name',
    language: 'Invalid language',
    category: 'Invalid category',
    header: 'Invalid header',
    body: issue.field === 'body.examples' ? 'Missing sample values' : 'Invalid body',
    footer: 'Invalid footer',
    buttons: 'Invalid buttons',
    components: 'Invalid components',
  };
  const message =
    issue.field === 'body.examples' || issue.field === 'header.example'
      ? `Message template variables need sample values: ${issue.reason}`
      : issue.reason;
  return templateError(titles[part] ?? 'Invalid template', `${message} (${issue.field})`);
}

// ---------------------------------------------------------------- paging

/** Meta-style cursor: base64 of a sequence number, `=` written as `ZD` (e.g. `MjQZD`). */
export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq), 'latin1').toString('base64').replace(/=/g, 'ZD');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor.replace(/ZD/g, '='), 'base64').toString('latin1');
  const seq = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seq)) {
    throw invalidParameter('Invalid pagination cursor.');
  }
  return seq;
}

export interface PageQuery {
  limit?: string;
  after?: string;
  before?: string;
}

export interface Page<T> {
  items: T[];
  hasBefore: boolean;
  hasAfter: boolean;
}

/** Cursor paging over items sorted by a stable sequence number. */
export function paginate<T>(
  items: T[],
  seqOf: (item: T) => number,
  query: PageQuery,
  defaultLimit: number,
  maxLimit: number,
): Page<T> {
  let limit = defaultLimit;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw invalidParameter('Param limit must be a positive integer.');
    }
    limit = Math.min(limit, maxLimit);
  }
  const sorted = [...items].sort((a, b) => seqOf(a) - seqOf(b));
  let start: number;
  let end: number;
  if (query.after) {
    const after = decodeCursor(query.after);
    start = sorted.findIndex((item) => seqOf(item) > after);
    if (start === -1) start = sorted.length;
    end = Math.min(sorted.length, start + limit);
  } else if (query.before) {
    const before = decodeCursor(query.before);
    end = sorted.findIndex((item) => seqOf(item) >= before);
    if (end === -1) end = sorted.length;
    start = Math.max(0, end - limit);
  } else {
    start = 0;
    end = Math.min(sorted.length, limit);
  }
  return { items: sorted.slice(start, end), hasBefore: start > 0, hasAfter: end < sorted.length };
}

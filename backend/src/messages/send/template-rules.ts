import { templatePlaceholders } from '@convis/contracts';

/**
 * Checks template parameters against the template's placeholders before Meta sees them, so
 * error 132000 ("number of parameters does not match") never reaches the user as a failed send.
 */
export interface TemplateComponentDef {
  readonly type: string;
  readonly format?: string;
  readonly text?: string;
  readonly buttons?: ReadonlyArray<{
    readonly type?: string;
    readonly url?: string;
    readonly text?: string;
  }>;
}

export interface ParameterProblem {
  readonly component: string;
  readonly message: string;
}

interface Expected {
  readonly label: string;
  readonly count: number;
  /** A media header expects one image/video/document parameter. */
  readonly media?: string;
}

function expectations(components: readonly TemplateComponentDef[]): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  for (const component of components) {
    const type = component.type.toUpperCase();
    if (type === 'HEADER') {
      const format = (component.format ?? 'TEXT').toUpperCase();
      if (['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format)) {
        expected.set('header', { label: 'header', count: 1, media: format.toLowerCase() });
      } else {
        const count = templatePlaceholders(component.text).length;
        if (count > 0) expected.set('header', { label: 'header', count });
      }
    } else if (type === 'BODY') {
      const count = templatePlaceholders(component.text).length;
      if (count > 0) expected.set('body', { label: 'body', count });
    } else if (type === 'BUTTONS') {
      component.buttons?.forEach((button, index) => {
        // A one-time password button carries the code too (Meta's `url` sub_type).
        const otp = ['OTP', 'COPY_CODE'].includes((button.type ?? '').toUpperCase());
        const count = otp ? 1 : templatePlaceholders(button.url).length;
        if (count > 0)
          expected.set(`button:${index}`, {
            label: `button ${index} (${button.text ?? 'URL'})`,
            count,
          });
      });
    }
  }
  return expected;
}

/** Problems with the parameters sent for a template; empty when they fit. */
export function checkTemplateParameters(
  definition: readonly TemplateComponentDef[],
  sent: ReadonlyArray<Record<string, unknown>>,
): ParameterProblem[] {
  const expected = expectations(definition);
  const given = new Map<string, Array<Record<string, unknown>>>();
  for (const component of sent) {
    const type = typeof component['type'] === 'string' ? component['type'].toLowerCase() : '';
    const index = component['index'];
    const key =
      type === 'button'
        ? `button:${typeof index === 'string' || typeof index === 'number' ? index : 0}`
        : type;
    const parameters = Array.isArray(component['parameters'])
      ? (component['parameters'] as Array<Record<string, unknown>>)
      : [];
    given.set(key, parameters);
  }
  const problems: ParameterProblem[] = [];
  for (const [key, want] of expected) {
    const parameters = given.get(key) ?? [];
    // Quick-reply payload buttons are not placeholders; only URL buttons are counted.
    if (parameters.length !== want.count) {
      problems.push({
        component: want.label,
        message: `the template's ${want.label} needs ${want.count} parameter${want.count === 1 ? '' : 's'}, got ${parameters.length}`,
      });
    } else if (want.media && parameters[0]?.['type'] !== want.media) {
      problems.push({
        component: want.label,
        message: `the template's header needs a ${want.media} parameter`,
      });
    }
  }
  for (const [key, parameters] of given) {
    if (!expected.has(key) && !key.startsWith('button:') && parameters.length > 0) {
      problems.push({
        component: key,
        message: `the template has no placeholders in its ${key}, but ${parameters.length} parameters were given`,
      });
    }
  }
  return problems;
}

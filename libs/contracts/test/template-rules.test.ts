import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkTemplate,
  checkTemplateDraft,
  explainTemplateReason,
  TEMPLATE_LIMITS,
  templateEditAllowance,
  templateSampleFormat,
  templateSampleProblem,
  templateSpec,
  type TemplateDraft,
  type TemplateDraftButton,
} from '../src/template-rules.ts';
import {
  renderTemplate,
  templateExampleParameters,
  templateSendParameters,
} from '../src/template-render.ts';

const valid: TemplateDraft = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  header: { format: 'TEXT', text: 'Order {{1}}', example: 'A-17' },
  body: { text: 'Hi {{1}}, order {{2}} ships today.', examples: { '1': 'Ada', '2': 'A-17' } },
  footer: { text: 'Reply STOP to opt out' },
  buttons: [
    { type: 'QUICK_REPLY', text: 'Thanks' },
    { type: 'URL', text: 'Track', url: 'https://shop.example/track/{{1}}', example: 'A-17' },
  ],
};

function draft(changes: Partial<TemplateDraft>): TemplateDraft {
  return { ...valid, ...changes };
}

/** The fields of the issues of a draft. */
function fields(d: TemplateDraft): string[] {
  return checkTemplateDraft(d).map((issue) => issue.field);
}

function buttons(...list: TemplateDraftButton[]): TemplateDraft {
  return draft({ buttons: list });
}

const quick = (text: string): TemplateDraftButton => ({ type: 'QUICK_REPLY', text });
const url = (text: string): TemplateDraftButton => ({
  type: 'URL',
  text,
  url: 'https://a.example',
});
const phone = (text: string): TemplateDraftButton => ({
  type: 'PHONE_NUMBER',
  text,
  phone_number: '+15550101234',
});

describe('template rules: a valid template', () => {
  it('has no issues', () => {
    assert.deepEqual(checkTemplateDraft(valid), []);
  });

  it('turns into Meta’s components with the examples in place', () => {
    const spec = templateSpec(valid);
    assert.equal(spec.parameter_format, 'POSITIONAL');
    assert.deepEqual(spec.components, [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-17'] } },
      {
        type: 'BODY',
        text: 'Hi {{1}}, order {{2}} ships today.',
        example: { body_text: [['Ada', 'A-17']] },
      },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Thanks' },
          {
            type: 'URL',
            text: 'Track',
            url: 'https://shop.example/track/{{1}}',
            example: ['https://shop.example/track/A-17'],
          },
        ],
      },
    ]);
  });

  it('uses named examples for named variables', () => {
    const spec = templateSpec(
      draft({
        header: null,
        body: { text: 'Hi {{first_name}}, thanks.', examples: { first_name: 'Ada' } },
      }),
    );
    assert.equal(spec.parameter_format, 'NAMED');
    assert.deepEqual(spec.components[0]?.example, {
      body_text_named_params: [{ param_name: 'first_name', example: 'Ada' }],
    });
    assert.deepEqual(checkTemplate(spec), []);
  });
});

describe('template rules: name, language, category', () => {
  it('takes lowercase letters, digits and underscores only', () => {
    assert.deepEqual(fields(draft({ name: 'Order-Update' })), ['name']);
    assert.deepEqual(fields(draft({ name: 'order update' })), ['name']);
    assert.deepEqual(fields(draft({ name: '' })), ['name']);
    assert.deepEqual(fields(draft({ name: 'order_update_2' })), []);
  });

  it('takes names of at most 512 characters', () => {
    assert.deepEqual(fields(draft({ name: 'a'.repeat(TEMPLATE_LIMITS.name) })), []);
    assert.deepEqual(fields(draft({ name: 'a'.repeat(TEMPLATE_LIMITS.name + 1) })), ['name']);
  });

  it('takes Meta’s language codes', () => {
    for (const code of ['en', 'en_US', 'pt_BR', 'fil'])
      assert.deepEqual(fields(draft({ language: code })), []);
    for (const code of ['EN', 'en-US', 'english', 'en_us', ''])
      assert.deepEqual(fields(draft({ language: code })), ['language'], code);
  });

  it('takes the three categories; authentication is left to WhatsApp Manager', () => {
    assert.deepEqual(fields(draft({ category: 'MARKETING' })), []);
    assert.deepEqual(fields(draft({ category: 'PROMO' })), ['category']);
    assert.deepEqual(fields(draft({ category: 'AUTHENTICATION' })), ['category']);
  });
});

describe('template rules: header, body, footer', () => {
  it('limits the header text to 60 characters, emoji counted once', () => {
    assert.deepEqual(fields(draft({ header: { format: 'TEXT', text: '😀'.repeat(60) } })), []);
    assert.deepEqual(fields(draft({ header: { format: 'TEXT', text: 'x'.repeat(61) } })), [
      'header.text',
    ]);
  });

  it('allows one header variable, {{1}}, with an example', () => {
    assert.deepEqual(
      fields(draft({ header: { format: 'TEXT', text: '{{1}} and {{2}}', example: 'a' } })),
      ['header.text'],
    );
    assert.deepEqual(fields(draft({ header: { format: 'TEXT', text: 'Order {{1}}' } })), [
      'header.example',
    ]);
    assert.deepEqual(
      fields(draft({ header: { format: 'TEXT', text: 'Order {{2}}', example: 'a' } })),
      ['header.text'],
    );
  });

  it('needs a sample file for a media header', () => {
    assert.deepEqual(fields(draft({ header: { format: 'IMAGE' } })), ['header.handle']);
    assert.deepEqual(fields(draft({ header: { format: 'IMAGE', handle: '4::aW1n' } })), []);
    assert.deepEqual(fields(draft({ header: { format: 'GIFT' } })), ['header.format']);
  });

  it('limits the body to 1024 characters and needs one', () => {
    const long = `Hi {{1}}, ${'x'.repeat(1024)} and {{2}} ok`;
    assert.ok(
      fields(draft({ body: { text: long, examples: { '1': 'a', '2': 'b' } } })).includes(
        'body.text',
      ),
    );
    assert.deepEqual(fields(draft({ body: { text: '   ' } })), ['body.text']);
  });

  it('limits the footer to 60 characters without variables', () => {
    assert.deepEqual(fields(draft({ footer: { text: 'x'.repeat(61) } })), ['footer.text']);
    assert.deepEqual(fields(draft({ footer: { text: 'Code {{1}}' } })), ['footer.text']);
  });
});

describe('template rules: variables', () => {
  const body = (text: string, examples: Record<string, string>): string[] =>
    fields(draft({ header: null, body: { text, examples } }));

  it('numbers positional variables in order from 1', () => {
    assert.deepEqual(body('Hi {{1}}, order {{3}} ok', { '1': 'a', '3': 'b' }), ['body.text']);
    assert.deepEqual(body('Hi {{2}}, order {{1}} ok', { '1': 'a', '2': 'b' }), []);
  });

  it('does not mix named and positional variables', () => {
    assert.deepEqual(body('Hi {{1}}, order {{order_id}} ok', { '1': 'a', order_id: 'b' }), [
      'body.text',
    ]);
  });

  it('takes named variables in lowercase', () => {
    assert.deepEqual(body('Hi {{First}}, ok', { First: 'a' }), ['body.text']);
  });

  it('refuses variables next to each other', () => {
    assert.deepEqual(body('Hi {{1}}{{2}} ok', { '1': 'a', '2': 'b' }), ['body.text']);
    assert.deepEqual(body('Hi {{1}} {{2}} ok', { '1': 'a', '2': 'b' }), ['body.text']);
  });

  it('refuses a variable at the start or the end of the body', () => {
    assert.deepEqual(body('{{1}}, your order is ready', { '1': 'a' }), ['body.text']);
    assert.deepEqual(body('Your order is {{1}}', { '1': 'a' }), ['body.text']);
    assert.deepEqual(body('Your order is {{1}}.', { '1': 'a' }), []);
  });

  it('needs one example per variable, and no more', () => {
    assert.deepEqual(body('Hi {{1}}, order {{2}} ok', { '1': 'a' }), ['body.examples']);
    assert.deepEqual(body('Hi {{1}}, ok', { '1': 'a', '2': 'b' }), ['body.examples']);
    assert.deepEqual(body('Hi {{name}}, ok', { name: ' ' }), ['body.examples']);
  });

  it('refuses broken braces', () => {
    assert.deepEqual(body('Hi {{1}, ok', {}), ['body.text']);
    assert.deepEqual(body('Hi {{ }}, ok', {}), ['body.text']);
  });
});

describe('template rules: buttons', () => {
  it('takes the four kinds', () => {
    assert.deepEqual(fields(buttons({ type: 'FLOW', text: 'Go' })), ['buttons.0.type']);
  });

  it('takes at most 10 buttons, 2 URL, 1 phone number, 1 copy code', () => {
    const ten = Array.from({ length: 10 }, (_, i) => quick(`Q${i}`));
    assert.deepEqual(fields(buttons(...ten)), []);
    assert.deepEqual(fields(buttons(...ten, quick('Q10'))), ['buttons']);
    assert.deepEqual(fields(buttons(url('A'), url('B'), url('C'))), ['buttons']);
    assert.deepEqual(fields(buttons(phone('A'), phone('B'))), ['buttons']);
    assert.deepEqual(
      fields(buttons({ type: 'COPY_CODE', example: 'A' }, { type: 'COPY_CODE', example: 'B' })),
      ['buttons'],
    );
  });

  it('keeps quick replies together', () => {
    assert.deepEqual(fields(buttons(quick('A'), url('B'), quick('C'))), ['buttons']);
    assert.deepEqual(fields(buttons(url('B'), quick('A'), quick('C'))), []);
  });

  it('labels buttons with at most 25 characters, no variables, no duplicates', () => {
    assert.deepEqual(fields(buttons(quick('x'.repeat(26)))), ['buttons.0.text']);
    assert.deepEqual(fields(buttons(quick(''))), ['buttons.0.text']);
    assert.deepEqual(fields(buttons(quick('Hi {{1}}'))), ['buttons.0.text']);
    assert.deepEqual(fields(buttons(quick('Yes'), quick('yes'))), ['buttons.1.text']);
  });

  it('lets only the end of a URL vary, with an example', () => {
    const b = (u: string, example?: string): TemplateDraftButton => ({
      type: 'URL',
      text: 'Go',
      url: u,
      ...(example === undefined ? {} : { example }),
    });
    assert.deepEqual(fields(buttons(b('https://a.example/{{1}}', 'x'))), []);
    assert.deepEqual(fields(buttons(b('https://a.example/{{1}}'))), ['buttons.0.example']);
    assert.deepEqual(fields(buttons(b('https://a.example/{{1}}/x', 'x'))), ['buttons.0.url']);
    assert.deepEqual(fields(buttons(b('https://a.example/{{2}}', 'x'))), ['buttons.0.url']);
    assert.deepEqual(fields(buttons(b('ftp://a.example'))), ['buttons.0.url']);
  });

  it('needs an international phone number and an example code', () => {
    assert.deepEqual(
      fields(buttons({ type: 'PHONE_NUMBER', text: 'Call', phone_number: '5550101234' })),
      ['buttons.0.phone_number'],
    );
    assert.deepEqual(fields(buttons({ type: 'COPY_CODE' })), ['buttons.0.example']);
    assert.deepEqual(fields(buttons({ type: 'COPY_CODE', example: 'x'.repeat(16) })), [
      'buttons.0.example',
    ]);
  });
});

describe('template rules: property', () => {
  const word = fc.stringMatching(/^[a-z]{1,8}$/);

  it('a body of words with numbered, separated variables and examples passes', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), word, (words, last) => {
        // "w1 {{1}} w2 {{2}} ... last": never adjacent, never first or last.
        const text = `${words.map((w, i) => `${w} {{${i + 1}}}`).join(' ')} ${last}`;
        const examples = Object.fromEntries(words.map((_, i) => [String(i + 1), `v${i}`]));
        const d = draft({ header: null, body: { text, examples } });
        assert.deepEqual(checkTemplateDraft(d), []);
        // Rendering with the examples leaves no variable behind.
        const rendered = renderTemplate(
          templateSpec(d).components,
          templateExampleParameters(templateSpec(d).components),
        );
        assert.doesNotMatch(rendered.body, /\{\{/);
      }),
    );
  });

  it('removing any one example is always reported on body.examples', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.nat(), (count, pick) => {
        const text = `Hi ${Array.from({ length: count }, (_, i) => `{{${i + 1}}} and`).join(' ')} done`;
        const examples: Record<string, string> = Object.fromEntries(
          Array.from({ length: count }, (_, i) => [String(i + 1), 'x']),
        );
        delete examples[String((pick % count) + 1)];
        assert.ok(
          fields(draft({ header: null, body: { text, examples } })).includes('body.examples'),
        );
      }),
    );
  });
});

describe('template edits', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const hoursAgo = (h: number): Date => new Date(now.getTime() - h * 3600_000);

  it('edits rejected and paused templates without limit, never pending ones', () => {
    assert.equal(templateEditAllowance('REJECTED', [hoursAgo(1)], now).editable, true);
    assert.equal(templateEditAllowance('PAUSED', [], now).editable, true);
    const pending = templateEditAllowance('PENDING', [], now);
    assert.equal(pending.editable, false);
    assert.match(pending.reason ?? '', /pending/);
  });

  it('edits an approved template once in 24 hours', () => {
    const allowance = templateEditAllowance('APPROVED', [hoursAgo(2)], now);
    assert.deepEqual(allowance, {
      editable: false,
      reason: allowance.reason,
      remaining: 9,
      next_edit_at: '2026-12-08T10:00:00.000Z',
    });
    assert.equal(templateEditAllowance('APPROVED', [hoursAgo(25)], now).editable, true);
  });

  it('edits an approved template 10 times in 30 days', () => {
    const ten = Array.from({ length: 10 }, (_, i) => hoursAgo(48 + i * 48));
    const allowance = templateEditAllowance('APPROVED', ten, now);
    assert.equal(allowance.editable, false);
    assert.equal(allowance.remaining, 0);
    // The oldest edit (480 h ago) leaves the 30-day window 240 h from now.
    assert.equal(allowance.next_edit_at, new Date(now.getTime() + 240 * 3600_000).toISOString());
    assert.equal(templateEditAllowance('APPROVED', ten.slice(1), now).remaining, 1);
  });
});

describe('media header samples', () => {
  it('takes JPEG and PNG images up to 5 MB, MP4 up to 16 MB, PDF up to 100 MB', () => {
    assert.equal(templateSampleFormat('image/png'), 'IMAGE');
    assert.equal(templateSampleFormat('Video/MP4; codecs=avc1'), 'VIDEO');
    assert.equal(templateSampleFormat('application/pdf'), 'DOCUMENT');
    assert.equal(templateSampleProblem('image/jpeg', 5 * 1024 * 1024), undefined);
    assert.match(templateSampleProblem('image/jpeg', 5 * 1024 * 1024 + 1) ?? '', /at most 5 MB/);
    assert.match(templateSampleProblem('image/gif', 10) ?? '', /not image\/gif/);
    assert.match(templateSampleProblem('application/pdf', 0) ?? '', /empty/);
  });
});

describe('template rendering', () => {
  const components = templateSpec(valid).components;

  it('fills the variables, leaves missing ones as written', () => {
    const rendered = renderTemplate(components, { header: { '1': 'B-2' }, body: { '1': 'Bo' } });
    assert.equal(rendered.header?.text, 'Order B-2');
    assert.equal(rendered.body, 'Hi Bo, order {{2}} ships today.');
    assert.equal(
      rendered.text,
      'Order B-2\n\nHi Bo, order {{2}} ships today.\n\nReply STOP to opt out',
    );
  });

  it('renders with the examples Meta reviewed', () => {
    const rendered = renderTemplate(components, templateExampleParameters(components));
    assert.equal(rendered.body, 'Hi Ada, order A-17 ships today.');
    assert.deepEqual(rendered.buttons[1], {
      type: 'URL',
      text: 'Track',
      url: 'https://shop.example/track/A-17',
    });
  });

  it('reads the parameters of a send', () => {
    const parameters = templateSendParameters([
      { type: 'header', parameters: [{ type: 'text', text: 'C-3' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Cy' },
          { type: 'currency', currency: { fallback_value: '$5', code: 'USD', amount_1000: 5000 } },
        ],
      },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'C-3' }] },
    ]);
    const rendered = renderTemplate(components, parameters);
    assert.equal(
      rendered.text,
      'Order C-3\n\nHi Cy, order $5 ships today.\n\nReply STOP to opt out',
    );
    assert.equal(rendered.buttons[1]?.url, 'https://shop.example/track/C-3');
  });

  it('shows a media header by its format', () => {
    const rendered = renderTemplate([
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Hi' },
    ]);
    assert.deepEqual(rendered.header, { format: 'IMAGE', text: null });
    assert.equal(rendered.text, 'Hi');
  });

  it('explains Meta’s reasons in plain words', () => {
    assert.match(explainTemplateReason('INCORRECT_CATEGORY') ?? '', /category/);
    assert.equal(explainTemplateReason('SOMETHING_NEW'), 'SOMETHING_NEW');
    assert.equal(explainTemplateReason(null), null);
  });
});

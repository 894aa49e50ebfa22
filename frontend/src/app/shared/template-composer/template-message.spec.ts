import {
  aNamedTemplate,
  aShippingTemplate,
  anAppointmentTemplate,
  anOrderUpdateTemplate,
} from '../../../testing/send-message-fixtures';
import { createTemplateForm, templateBubble, templateMessage } from './template-message';
import { templateSpec } from './template-spec';

describe('templateSpec', () => {
  it('finds the placeholders of the header, body and URL buttons, in order', () => {
    const spec = templateSpec(aShippingTemplate());

    expect(spec.placeholders.map((p) => [p.key, p.label])).toEqual([
      ['header_1', 'Header {{1}}'],
      ['body_1', 'Body {{1}}'],
      ['body_2', 'Body {{2}}'],
      ['button0_1', 'Button "Track order" {{1}}'],
    ]);
    expect(spec.footer).toBe('Acme Shop');
    expect(spec.buttons.map((b) => b.type)).toEqual(['URL', 'QUICK_REPLY']);
  });

  it('orders positional placeholders by number and keeps examples', () => {
    const spec = templateSpec(
      anOrderUpdateTemplate() /* "Hi {{1}}, your order {{2}} ..." with examples */,
    );
    expect(spec.placeholders.map((p) => [p.name, p.example])).toEqual([
      ['1', 'Maria'],
      ['2', '#4521'],
    ]);
  });

  it('reads named placeholders and media headers', () => {
    expect(templateSpec(aNamedTemplate()).placeholders.map((p) => [p.name, p.named])).toEqual([
      ['first_name', true],
      ['order_id', true],
    ]);
    expect(templateSpec(anAppointmentTemplate()).header).toEqual({
      kind: 'media',
      format: 'image',
    });
  });
});

describe('templateMessage', () => {
  it("builds Meta's template_components: header, body, then the URL button", () => {
    const form = createTemplateForm();
    form.controls.template.setValue(aShippingTemplate());
    form.controls.params.setValue({
      header_1: 'Ada',
      body_1: ' Ada ',
      body_2: 'A-1001',
      button0_1: 'A-1001',
    });

    expect(templateMessage(form).content).toEqual({
      message_type: 'template',
      template_name: 'shipping_update',
      template_language: 'en_US',
      template_components: [
        { type: 'header', parameters: [{ type: 'text', text: 'Ada' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ada' },
            { type: 'text', text: 'A-1001' },
          ],
        },
        {
          type: 'button',
          sub_type: 'url',
          index: '0',
          parameters: [{ type: 'text', text: 'A-1001' }],
        },
      ],
    });
  });

  it('names the parameters of named placeholders', () => {
    const form = createTemplateForm();
    form.controls.template.setValue(aNamedTemplate());
    form.controls.params.setValue({ body_first_name: 'Ada', body_order_id: 'A-1' });

    expect(templateMessage(form).content.template_components).toEqual([
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'first_name', text: 'Ada' },
          { type: 'text', parameter_name: 'order_id', text: 'A-1' },
        ],
      },
    ]);
  });

  it('sends a media header as a link or an uploaded id, and only then requires it', () => {
    const form = createTemplateForm();
    expect(form.controls.header_media.disabled).toBe(true);
    form.controls.template.setValue(anAppointmentTemplate());
    expect(form.controls.header_media.enabled).toBe(true);
    form.controls.params.setValue({ body_1: 'Ada', body_2: 'May 4', body_3: '10:30' });
    expect(form.valid).toBe(false);

    form.controls.header_media.patchValue({ source: 'link', link: 'https://x.example/a.png' });
    expect(form.valid).toBe(true);
    expect(templateMessage(form).content.template_components?.[0]).toEqual({
      type: 'header',
      parameters: [{ type: 'image', image: { link: 'https://x.example/a.png' } }],
    });

    form.controls.header_media.patchValue({ source: 'upload', media_id: '1037543291543636' });
    expect(templateMessage(form).content.template_components?.[0]).toEqual({
      type: 'header',
      parameters: [{ type: 'image', image: { id: '1037543291543636' } }],
    });
  });

  it('requires every placeholder and refuses line breaks and tabs in them', () => {
    const form = createTemplateForm();
    form.controls.template.setValue(anOrderUpdateTemplate());
    expect(form.valid).toBe(false);
    form.controls.params.setValue({ body_1: 'Ada', body_2: 'A\tB' });
    expect(form.controls.params.controls['body_2']?.errors).toEqual({
      format: 'No line breaks, tabs or more than 4 spaces in a row.',
    });
    form.controls.params.controls['body_2']?.setValue('A-1');
    expect(form.valid).toBe(true);
  });

  it('lets placeholders stay blank for a campaign, still refusing line breaks', () => {
    const form = createTemplateForm({ optionalValues: true });
    form.controls.template.setValue(anOrderUpdateTemplate());
    expect(form.valid).toBe(true);
    form.controls.params.controls['body_2']?.setValue('A\nB');
    expect(form.valid).toBe(false);
  });

  it('keeps the values of shared placeholders when another template is chosen', () => {
    const form = createTemplateForm();
    form.controls.template.setValue(anOrderUpdateTemplate());
    form.controls.params.setValue({ body_1: 'Ada', body_2: 'A-1' });
    form.controls.template.setValue(anAppointmentTemplate());
    expect(form.controls.params.getRawValue()).toEqual({
      body_1: 'Ada',
      body_2: 'A-1',
      body_3: '',
    });
  });

  it('previews the header and body with their own values', () => {
    const form = createTemplateForm();
    form.controls.template.setValue(aShippingTemplate());
    form.controls.params.patchValue({ header_1: 'Bob', body_1: 'Ada' });

    expect(templateBubble(form.getRawValue())).toEqual({
      header: { kind: 'text', text: 'Order for {{1}}', params: { 1: 'Bob' } },
      body: 'Hi {{1}}, order *{{2}}* ships today.',
      bodyParams: { 1: 'Ada', 2: '' },
      footer: 'Acme Shop',
      buttons: [
        { text: 'Track order', kind: 'link' },
        { text: 'Stop updates', kind: 'reply' },
      ],
    });
  });
});

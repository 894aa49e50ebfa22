import { renderSentTemplate } from './sent-template.js';

const base = { name: 'order_update', language: 'en_US', category: 'UTILITY' };

describe('a template as the customer received it', () => {
  it('fills positional variables in header and body, keeps the footer and the buttons', () => {
    const sent = renderSentTemplate(
      {
        ...base,
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
          { type: 'BODY', text: 'Hi {{1}}, order {{2}} ships {{3}} for {{4}}.' },
          { type: 'FOOTER', text: 'Reply STOP to opt out' },
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'URL', text: 'Track', url: 'https://example.com/t/{{1}}' },
              { type: 'QUICK_REPLY', text: 'Stop' },
            ],
          },
        ],
      },
      [
        { type: 'header', parameters: [{ type: 'text', text: '1042' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ana' },
            { type: 'text', text: '1042' },
            { type: 'date_time', date_time: { fallback_value: 'tomorrow' } },
            { type: 'currency', currency: { fallback_value: '$12.50', code: 'USD' } },
          ],
        },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'x' }] },
      ],
    );
    expect(sent).toEqual({
      ...base,
      header: { format: 'text', text: 'Order 1042' },
      body: 'Hi Ana, order 1042 ships tomorrow for $12.50.',
      footer: 'Reply STOP to opt out',
      buttons: [
        { type: 'url', text: 'Track' },
        { type: 'quick_reply', text: 'Stop' },
      ],
    });
  });

  it('fills named variables by parameter_name, whatever their order', () => {
    const sent = renderSentTemplate(
      { ...base, components: [{ type: 'BODY', text: 'Order {{order_id}} for {{ name }}' }] },
      [
        {
          type: 'BODY',
          parameters: [
            { type: 'text', parameter_name: 'name', text: 'Ana' },
            { type: 'text', parameter_name: 'order_id', text: '1042' },
          ],
        },
      ],
    );
    expect(sent.body).toBe('Order 1042 for Ana');
  });

  it('names a media header by its kind and leaves a variable without a value as written', () => {
    const sent = renderSentTemplate(
      {
        ...base,
        components: [
          { type: 'HEADER', format: 'IMAGE' },
          { type: 'BODY', text: 'See you at {{1}}, {{2}}' },
        ],
      },
      [{ type: 'body', parameters: [{ type: 'text', text: '9:00' }] }],
    );
    expect(sent.header).toEqual({ format: 'image', text: null });
    expect(sent.body).toBe('See you at 9:00, {{2}}');
    expect(sent.footer).toBeNull();
  });
});

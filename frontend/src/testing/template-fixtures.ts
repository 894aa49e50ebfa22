import type { TemplateResponseDto } from '../app/core/api/models/template-response-dto';

/** A template as the API answers it: approved, with a header, examples and buttons. */
export function aManagedTemplate(
  overrides: Partial<TemplateResponseDto> = {},
): TemplateResponseDto {
  return {
    id: '3a1c5e7f-2b4d-4c6e-8f0a-1b2c3d4e5f60',
    meta_template_id: '594425479261596',
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    quality_rating: 'GREEN',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-17'] } },
      {
        type: 'BODY',
        text: 'Hi {{1}}, your order ships today.',
        example: { body_text: [['Ada']] },
      },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }] },
    ],
    status_reason: null,
    status_reason_text: null,
    previous_category: null,
    upcoming_category: null,
    upcoming_category_at: null,
    edit: { allowed: true, reason: null, remaining_count: 10, next_edit_at: null },
    synced_at: '2026-11-24T12:00:00.000Z',
    updated_at: '2026-11-24T12:00:00.000Z',
    ...overrides,
  };
}

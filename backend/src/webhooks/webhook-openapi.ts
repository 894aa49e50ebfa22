import { type ApiBodyOptions } from '@nestjs/swagger';

/** Meta's webhook envelope (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview), as documented in Swagger. */
export const WEBHOOK_BODY: ApiBodyOptions = {
  required: true,
  description:
    "Meta's webhook envelope, sent by Meta and signed with the app secret (`X-Hub-Signature-256`) over the exact bytes. " +
    'Fields and values we do not handle are stored and ignored. Up to 3 MB.',
  schema: {
    type: 'object',
    required: ['object', 'entry'],
    properties: {
      object: {
        type: 'string',
        description: "Always 'whatsapp_business_account'.",
        example: 'whatsapp_business_account',
      },
      entry: {
        type: 'array',
        description: 'One item per WhatsApp Business Account.',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'The WhatsApp Business Account id.' },
            time: { type: 'integer', description: 'Unix seconds (account-level fields).' },
            changes: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  field: {
                    type: 'string',
                    description:
                      'messages (inbound messages, statuses, errors), message_template_status_update, phone_number_quality_update, …',
                    example: 'messages',
                  },
                  value: {
                    type: 'object',
                    additionalProperties: true,
                    description:
                      'For `messages`: messaging_product, metadata {display_phone_number, phone_number_id}, and contacts + messages, or statuses, or errors.',
                  },
                },
              },
            },
          },
        },
      },
    },
    example: {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '419561257915477',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: '15550783881',
                  phone_number_id: '106540352242922',
                },
                contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
                messages: [
                  {
                    from: '16505551234',
                    id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
                    timestamp: '1749416383',
                    type: 'text',
                    text: { body: 'Does it come in another color?' },
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  },
};

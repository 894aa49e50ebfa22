/**
 * A `field: "messages"` webhook delivery for one business number, as Meta sends it (its JSON
 * text): `value` adds the `statuses` or `messages` (and `contacts`) of the change.
 */
export function messagesDelivery({ wabaId, phoneNumberId }, value) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

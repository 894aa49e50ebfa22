// The demo organization's past week, as data: who wrote, what the shop answered, what became of
// each message. `demo-history.ts` plays it through the real paths and moves it to these times.
// Types only from the simulator: it is a dev dependency, loaded at run time in demo mode alone.
import type { DemoSeed } from '@convis/graph-simulator';
import { type SendMessageDto } from '../messages/send/dto/send-message.dto.js';

/**
 * When something happened: `day` whole UTC days before today at `time` (HH:MM UTC), or today,
 * `minutesAgo` before the seeding (squeezed into today's hours when today is younger than that).
 */
export type When =
  { readonly day: number; readonly time: string } | { readonly minutesAgo: number };

/** What Meta reported for an outbound message: its last status, or a failure with its code. */
export type Outcome = 'sent' | 'delivered' | 'read' | { readonly failed: number };

/** A customer's message, as the simulator's `POST /_sim/inbound` takes it (without the sender). */
export type CustomerMessage =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly image: { readonly caption: string } }
  | {
      readonly type: 'location';
      readonly location: {
        readonly latitude: number;
        readonly longitude: number;
        readonly name: string;
        readonly address: string;
      };
    }
  | {
      readonly type: 'interactive';
      readonly interactive: {
        readonly type: 'button_reply';
        readonly button_reply: { readonly id: string; readonly title: string };
      };
    }
  /** A template's quick reply. */
  | {
      readonly type: 'button';
      readonly button: { readonly payload: string; readonly text: string };
    }
  /** A reaction to the shop's message labelled `to`. */
  | { readonly type: 'reaction'; readonly to: string; readonly emoji: string };

/** What the shop sends: the API's send body without the account and the recipient. */
export type ShopMessage = Omit<SendMessageDto, 'account_id' | 'to' | 'reply_to'>;

export type Step =
  | {
      readonly kind: 'in';
      readonly when: When;
      readonly message: CustomerMessage;
      /** A name other steps refer to this message by. */
      readonly label?: string;
    }
  | {
      readonly kind: 'out';
      readonly when: When;
      readonly message: ShopMessage;
      /**
       * What became of it: an accepted message gets Meta's statuses up to this one, or a `failed`
       * status with the code (a message Meta refuses in the send's answer must fail with it).
       */
      readonly outcome: Outcome;
      /** Quotes the customer's message with this label. */
      readonly replyTo?: string;
      readonly label?: string;
    }
  /** The customer taps "Stop promotions" in WhatsApp (Meta's `user_preferences` webhook). */
  | { readonly kind: 'stop-marketing'; readonly when: When };

export interface DemoCustomer {
  /** E.164. */
  readonly phone: string;
  /** Their WhatsApp profile name (sent with their messages); none for numbers that never wrote. */
  readonly profileName?: string;
  /** The shop's name for them and its tags (set as a user would in Contacts). */
  readonly name: string;
  readonly tags: readonly string[];
  /** Their conversation, oldest first. */
  readonly steps: readonly Step[];
}

const text = (body: string): ShopMessage => ({ message_type: 'text', text: body });
const says = (body: string): CustomerMessage => ({ type: 'text', text: body });
const orderUpdate = (name: string, order: string): ShopMessage => ({
  message_type: 'template',
  template_name: 'order_update',
  template_language: 'en_US',
  template_components: [
    {
      type: 'body',
      parameters: [
        { type: 'text', text: name },
        { type: 'text', text: order },
      ],
    },
  ],
});
const hello: ShopMessage = {
  message_type: 'template',
  template_name: 'hello_world',
  template_language: 'en_US',
};

/**
 * Ten customers over seven UTC days (today included), every day with messages both ways: texts,
 * a photo with a caption, a location, button replies and a reaction in; texts, reply buttons and
 * templates out; every status (sent, delivered, read, failed with three of Meta's reasons) and
 * one marketing opt-out. Two conversations are left unread. `recipients` are the simulator's
 * demo numbers (`seedDemo`), whose behaviour some steps rely on.
 */
export function demoWeek(recipients: DemoSeed['recipients']): readonly DemoCustomer[] {
  return [
    {
      // The demo customer (the number the start log suggests): writes last, minutes before the
      // start, so their 24-hour window is open and a first free-form message goes out at once.
      phone: recipients.ok,
      profileName: 'Maria Gomez',
      name: 'Maria Gomez',
      tags: ['customer', 'vip'],
      steps: [
        {
          kind: 'in',
          when: { day: 6, time: '09:12' },
          message: says('Hi! Do you have the linen shirt in medium?'),
        },
        {
          kind: 'out',
          when: { day: 6, time: '09:20' },
          message: text(
            'Hi Maria! Yes, medium is in stock in white and sage. Shall I put one aside for you?',
          ),
          outcome: 'read',
        },
        { kind: 'in', when: { day: 6, time: '09:24' }, message: says('Sage, please 🙂') },
        {
          kind: 'out',
          when: { day: 6, time: '09:31' },
          message: text('Done! Your order number is #4521. We will message you when it ships.'),
          outcome: 'read',
        },
        {
          kind: 'out',
          when: { day: 4, time: '08:55' },
          message: orderUpdate('Maria', '#4521'),
          outcome: 'read',
          label: 'shipped',
        },
        {
          kind: 'in',
          when: { day: 4, time: '09:10' },
          message: { type: 'reaction', to: 'shipped', emoji: '👍' },
        },
        {
          kind: 'in',
          when: { day: 1, time: '14:02' },
          message: says('Could I pick it up at your shop instead? I am in town tomorrow.'),
        },
        {
          kind: 'in',
          when: { day: 1, time: '14:03' },
          message: {
            type: 'location',
            location: {
              latitude: 40.7411,
              longitude: -73.9897,
              name: 'Flatiron Building',
              address: '175 5th Ave, New York, NY 10010',
            },
          },
        },
        {
          kind: 'out',
          when: { day: 1, time: '14:15' },
          message: text(
            'Of course! It will be waiting at our Main Street shop, two blocks from there, from 10:00.',
          ),
          outcome: 'read',
        },
        {
          kind: 'in',
          when: { minutesAgo: 50 },
          message: says('Hi! I am at the shop now, is my order ready?'),
        },
        {
          kind: 'out',
          when: { minutesAgo: 45 },
          message: text('Yes, it is at the counter. Just give them your order number, #4521.'),
          outcome: 'read',
        },
        { kind: 'in', when: { minutesAgo: 20 }, message: says('Got it, thank you! 🙌') },
      ],
    },
    {
      phone: '+447700900123',
      profileName: 'Oliver Bennett',
      name: 'Oliver Bennett',
      tags: ['customer'],
      steps: [
        {
          kind: 'in',
          when: { day: 5, time: '10:02' },
          message: says('Hello, can I move my fitting on Thursday to the afternoon?'),
        },
        {
          kind: 'out',
          when: { day: 5, time: '10:15' },
          message: {
            message_type: 'interactive',
            interactive: {
              type: 'button',
              body: 'Of course, Oliver. Which time suits you on Thursday?',
              buttons: [
                { id: 'slot-1530', title: '15:30' },
                { id: 'slot-1700', title: '17:00' },
              ],
            },
          },
          outcome: 'read',
        },
        {
          kind: 'in',
          when: { day: 5, time: '10:21' },
          message: {
            type: 'interactive',
            interactive: {
              type: 'button_reply',
              button_reply: { id: 'slot-1530', title: '15:30' },
            },
          },
        },
        {
          kind: 'out',
          when: { day: 5, time: '10:23' },
          message: text('Done: Thursday at 15:30. See you then!'),
          outcome: 'read',
        },
        {
          kind: 'out',
          when: { day: 2, time: '12:10' },
          message: {
            message_type: 'template',
            template_name: 'appointment_reminder',
            template_language: 'en_US',
            template_components: [
              {
                type: 'header',
                parameters: [{ type: 'image', image: { link: 'https://example.com/clinic.png' } }],
              },
              {
                type: 'body',
                parameters: [
                  { type: 'text', text: 'Oliver' },
                  { type: 'text', text: 'Thursday' },
                  { type: 'text', text: '15:30' },
                ],
              },
            ],
          },
          outcome: 'read',
        },
        {
          kind: 'in',
          when: { day: 2, time: '12:34' },
          message: { type: 'button', button: { payload: 'Confirm', text: 'Confirm' } },
        },
        {
          kind: 'out',
          when: { day: 2, time: '12:40' },
          message: text('Thank you, Oliver. See you on Thursday!'),
          outcome: 'read',
        },
      ],
    },
    {
      phone: '+4915112345678',
      profileName: 'Lena Fischer',
      name: 'Lena Fischer',
      tags: ['customer', 'returns'],
      steps: [
        {
          kind: 'in',
          when: { day: 4, time: '11:30' },
          message: {
            type: 'image',
            image: { caption: 'The lamp arrived with a cracked shade 😕' },
          },
          label: 'photo',
        },
        {
          kind: 'out',
          when: { day: 4, time: '11:42' },
          message: text(
            'So sorry, Lena! We are sending a new shade today, and there is no need to return the old one.',
          ),
          replyTo: 'photo',
          outcome: 'read',
        },
        { kind: 'in', when: { day: 4, time: '11:50' }, message: says('Thank you, that is kind!') },
        {
          kind: 'out',
          when: { day: 2, time: '15:00' },
          message: orderUpdate('Lena', '#4529'),
          outcome: 'read',
        },
        {
          kind: 'in',
          when: { minutesAgo: 180 },
          message: says('The new shade arrived today, perfect 👌'),
        },
        {
          kind: 'out',
          when: { minutesAgo: 170 },
          message: text('Wonderful, enjoy the lamp!'),
          outcome: 'delivered',
        },
      ],
    },
    {
      phone: '+5511987654321',
      profileName: 'João Silva',
      name: 'João Silva',
      tags: ['lead'],
      steps: [
        {
          kind: 'in',
          when: { day: 2, time: '10:40' },
          message: says('Olá! Do you ship to Brazil?'),
        },
        {
          kind: 'out',
          when: { day: 2, time: '10:52' },
          message: text('Hi João! Yes, in 7 to 10 days, and shipping is free over $80.'),
          outcome: 'delivered',
        },
        {
          kind: 'in',
          when: { day: 1, time: '19:45' },
          message: says('Great, I will order this weekend. Do you have the shirt in XL?'),
        },
      ],
    },
    {
      phone: '+33612345678',
      profileName: 'Camille Martin',
      name: 'Camille Martin',
      tags: ['newsletter'],
      steps: [
        {
          kind: 'in',
          when: { day: 3, time: '09:05' },
          message: says('Bonjour, what time do you open on Saturday?'),
        },
        {
          kind: 'out',
          when: { day: 3, time: '09:12' },
          message: text('Bonjour Camille! From 10:00 to 18:00 on Saturdays.'),
          outcome: 'read',
        },
        { kind: 'stop-marketing', when: { day: 3, time: '18:30' } },
      ],
    },
    {
      phone: '+919876543210',
      profileName: 'Priya Sharma',
      name: 'Priya Sharma',
      tags: ['customer'],
      steps: [
        {
          kind: 'out',
          when: { day: 6, time: '14:05' },
          message: orderUpdate('Priya', '#4518'),
          outcome: 'read',
        },
        { kind: 'in', when: { day: 1, time: '09:30' }, message: says('Do you sell gift cards?') },
        {
          kind: 'out',
          when: { day: 1, time: '09:41' },
          message: text('We do! From $25, in the shop and online.'),
          outcome: 'read',
        },
      ],
    },
    {
      // The phone is off: the message stays sent.
      phone: '+61412345678',
      name: 'Jack Wilson',
      tags: ['customer'],
      steps: [
        {
          kind: 'out',
          when: { day: 3, time: '13:00' },
          message: orderUpdate('Jack', '#4533'),
          outcome: 'sent',
        },
      ],
    },
    {
      // Meta accepts the message, then fails it: the number is part of an experiment.
      phone: '+971501234567',
      name: 'Ahmed Hassan',
      tags: ['customer'],
      steps: [
        {
          kind: 'out',
          when: { day: 3, time: '15:25' },
          message: orderUpdate('Ahmed', '#4540'),
          outcome: { failed: 130472 },
        },
      ],
    },
    {
      // Not on WhatsApp: Meta accepts the send, then reports it undeliverable (131026). (A
      // refusal in the send's answer would print a warning in the start log.)
      phone: '+12025550147',
      name: 'Trade show lead',
      tags: ['lead'],
      steps: [
        {
          kind: 'out',
          when: { day: 5, time: '16:40' },
          message: hello,
          outcome: { failed: 131026 },
        },
      ],
    },
    {
      // Accepted, then failed by Meta to keep engagement healthy (131049, the simulator's rule
      // for this number).
      phone: recipients.fails_after_send,
      name: 'Sam Carter',
      tags: ['newsletter'],
      steps: [
        {
          kind: 'out',
          when: { day: 4, time: '17:20' },
          message: hello,
          outcome: { failed: 131049 },
        },
      ],
    },
  ];
}

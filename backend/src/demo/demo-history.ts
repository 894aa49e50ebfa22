// Seeds the demo organization's past week (demo-week.ts), once per database. The conversations
// are played now, through the same paths as real traffic: customers write through the
// simulator's signed webhooks into our webhook intake, the shop answers through the send
// pipeline (to the simulator), Meta's statuses and the marketing opt-out come back as webhooks.
// Then the messages are moved to their days (MessagesService.moveInTime).
//
// Why not send back-dated webhooks instead: a message's day in the stats, the inbox and the
// history is when it was stored (`created_at`), not Meta's timestamp (which goes to
// `received_at` and the status times), and a free-form reply needs the customer's window open
// now, which a message from days ago does not give.
import { type INestApplication } from '@nestjs/common';
// Types only from the simulator: it is a dev dependency, loaded at run time in demo mode alone.
import type { DemoSeed, InboundInput, Simulator } from '@convis/graph-simulator';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { type Contact } from '../contacts/contacts.schema.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { ConversationsService } from '../messages/conversations/conversations.service.js';
import { startOfUtcDay } from '../messages/history/date-range.js';
import { type MessageMove, MessagesService } from '../messages/messages.service.js';
import { SendMessageService } from '../messages/send/send-message.service.js';
import { WebhookInbox } from '../webhooks/webhook-inbox.service.js';
import {
  type CustomerMessage,
  type DemoCustomer,
  demoWeek,
  type Outcome,
  type Step,
  type When,
} from './demo-week.js';

/** The demo organization's admin and WhatsApp account, as `seedDemo` made them. */
export interface DemoTarget {
  readonly caller: AuthenticatedUser;
  readonly account: { readonly id: string; readonly phoneNumberId: string };
  readonly recipients: DemoSeed['recipients'];
}

export interface DemoHistory {
  /** Messages sent and received. */
  readonly messages: number;
  readonly customers: number;
  readonly durationMs: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Today's steps (`minutesAgo`) are squeezed into today when less than this has passed of it. */
const TODAY_SPAN_MS = 5 * 60 * MINUTE_MS;
/** How long to wait for the simulator's webhooks to be delivered. */
const SETTLE_TIMEOUT_MS = 15_000;

/**
 * Plays the demo week into the demo organization unless it has messages already (a database
 * seeded before, or used): each database gets it once. Resolves with what was seeded, or
 * undefined when there was nothing to do.
 */
export async function seedDemoHistory(
  app: INestApplication,
  simulator: Simulator,
  target: DemoTarget,
  now: Date = new Date(),
): Promise<DemoHistory | undefined> {
  if (await app.get(MessagesService).hasMessages(target.caller.organizationId)) return undefined;
  const started = Date.now();
  const week = demoWeek(target.recipients);
  const messages = await new WeekPlayer(app, simulator, target, now).play(week);
  return { messages, customers: week.length, durationMs: Date.now() - started };
}

/** Where a step happens, from `now` (see `When`). */
export function placeAt(when: When, now: Date): Date {
  const today = startOfUtcDay(now).getTime();
  if ('day' in when) {
    const [hours = 0, minutes = 0] = when.time.split(':').map(Number);
    return new Date(today - when.day * DAY_MS + (hours * 60 + minutes) * MINUTE_MS);
  }
  const squeeze = Math.min(1, (now.getTime() - today) / TODAY_SPAN_MS);
  return new Date(now.getTime() - when.minutesAgo * MINUTE_MS * squeeze);
}

class WeekPlayer {
  private readonly messages: MessagesService;
  private readonly sender: SendMessageService;
  private readonly contacts: ContactsService;
  private readonly conversations: ConversationsService;
  private readonly inbox: WebhookInbox;
  /** Every message of the week and the time it belongs at. */
  private readonly moves: MessageMove[] = [];
  private statuses = 0;

  constructor(
    app: INestApplication,
    private readonly simulator: Simulator,
    private readonly target: DemoTarget,
    private readonly now: Date,
  ) {
    this.messages = app.get(MessagesService);
    this.sender = app.get(SendMessageService);
    this.contacts = app.get(ContactsService);
    this.conversations = app.get(ConversationsService);
    this.inbox = app.get(WebhookInbox);
  }

  private get phoneNumberId(): string {
    return this.target.account.phoneNumberId;
  }

  private get organizationId(): string {
    return this.target.caller.organizationId;
  }

  /**
   * Plays the week, moves it to its days, names and tags its customers; returns how many
   * messages. Conversations play side by side, in two passes: everything up to the shop's last
   * message, which the shop has then read; then what customers wrote after it, left unread.
   */
  async play(week: readonly DemoCustomer[]): Promise<number> {
    // Statuses come when the week says, from this player, not on the simulator's own clock.
    const delays = this.simulator.getAccount(this.phoneNumberId)?.status_delays_ms ?? {};
    this.simulator.updateAccount(this.phoneNumberId, {
      status_delays_ms: { sent: null, delivered: null, read: null },
    });
    try {
      const conversations = week.map((customer) => new Conversation(customer));
      await all(conversations.map((conversation) => this.converse(conversation, 'answered')));
      await this.settle();
      await all(conversations.map((conversation) => this.read(conversation)));
      await all(conversations.map((conversation) => this.converse(conversation, 'unread')));
      await this.settle();
    } finally {
      this.simulator.updateAccount(this.phoneNumberId, { status_delays_ms: delays });
    }
    await this.messages.moveInTime(this.organizationId, this.moves);
    for (const customer of week) {
      const contact = await this.contactOf(customer);
      if (!contact) throw new Error(`The demo week left no contact for ${customer.phone}`);
      await this.contacts.update(this.organizationId, contact.id, {
        name: customer.name,
        tags: customer.tags,
      });
    }
    return this.moves.length;
  }

  /** Plays one part of a conversation, step by step. */
  private async converse(conversation: Conversation, part: 'answered' | 'unread'): Promise<void> {
    const { customer, labels } = conversation;
    for (const [index, step] of customer.steps.entries()) {
      const answered = index < conversation.unreadFrom;
      if (answered !== (part === 'answered')) continue;
      const at = placeAt(step.when, this.now);
      switch (step.kind) {
        case 'in': {
          const { message_id: wamid } = this.simulator.inbound({
            phone_number_id: this.phoneNumberId,
            from: customer.phone,
            ...(customer.profileName !== undefined && { profile_name: customer.profileName }),
            ...inboundOf(step.message, labels),
          });
          if (step.label) labels.set(step.label, wamid);
          this.moves.push({ waMessageId: wamid, at });
          conversation.wrote = true;
          break;
        }
        case 'out': {
          // A free-form message needs the customer's 24-hour window open: their first
          // message applied (all of this happens now, so one opens it for the whole week).
          if (step.message.message_type !== 'template' && !conversation.windowOpen) {
            await this.settle();
            conversation.windowOpen = true;
          }
          // Statuses come before now, and a customer reads a message before answering it.
          const reply = customer.steps.slice(index + 1).find((next) => next.kind === 'in');
          const replyAt = reply ? placeAt(reply.when, this.now) : this.now;
          const before = new Date(Math.min(replyAt.getTime(), this.now.getTime()));
          const wamid = await this.send(customer, step, labels, before);
          if (wamid && step.label) labels.set(step.label, wamid);
          break;
        }
        case 'stop-marketing':
          this.simulator.userPreference({
            phone_number_id: this.phoneNumberId,
            wa_id: customer.phone,
            value: 'stop',
            timestamp: Math.floor(at.getTime() / 1000),
          });
          break;
      }
    }
  }

  /**
   * Sends through the send pipeline; Meta's statuses follow as the step says, all of them
   * before `before` once the message is in its place. Returns the wamid.
   */
  private async send(
    customer: DemoCustomer,
    step: Extract<Step, { kind: 'out' }>,
    labels: ReadonlyMap<string, string>,
    before: Date,
  ): Promise<string | null> {
    const at = placeAt(step.when, this.now);
    const replyTo = step.replyTo ? labels.get(step.replyTo) : undefined;
    const result = await this.sender.send(
      { id: this.target.caller.id, organizationId: this.organizationId },
      {
        ...step.message,
        account_id: this.target.account.id,
        to: customer.phone,
        ...(replyTo !== undefined && { reply_to: replyTo }),
      },
    );
    const failed = typeof step.outcome === 'object' ? step.outcome.failed : undefined;
    if (result.outcome === 'failed') {
      // Refused in the send's answer: expected only when the step fails with that code.
      if (failed === undefined || result.error.code !== failed) {
        throw new Error(
          `Demo week: the message to ${customer.phone} failed (${result.error.code ?? '?'} ${result.error.title})`,
        );
      }
      this.moves.push({ messageId: result.messageId, at });
      return null;
    }
    if (result.outcome !== 'sent' || !result.message.wa_message_id) {
      throw new Error(
        `Demo week: the message to ${customer.phone} was not sent (${result.outcome})`,
      );
    }
    const wamid = result.message.wa_message_id;
    this.moves.push({ messageId: result.message.id, at });
    this.report(wamid, step.outcome, at, before);
    return wamid;
  }

  /**
   * Meta's status webhooks for an accepted message, timed after it the way Meta's come (seconds
   * to deliver, minutes to be read), and never later than `before` once the message is moved
   * from now to `at` (the statuses move with it).
   */
  private report(wamid: string, outcome: Outcome, at: Date, before: Date): void {
    const n = this.statuses++;
    const sentAt = Math.ceil(Date.now() / 1000);
    // Seconds the statuses have after the message's place (Meta's timestamps are whole seconds,
    // counted here from a second that may start up to one after the message was written).
    const room = Math.max(0, Math.floor((before.getTime() - at.getTime()) / 1000) - 2);
    const push = (status: 'sent' | 'delivered' | 'read' | 'failed', after: number, code?: number) =>
      this.simulator.pushStatus({
        phone_number_id: this.phoneNumberId,
        wamid,
        status,
        timestamp: sentAt + Math.min(after, room),
        ...(code !== undefined && { code }),
      });
    if (typeof outcome === 'object') {
      push('failed', 2, outcome.failed);
      return;
    }
    push('sent', 1);
    if (outcome === 'sent') return;
    push('delivered', 3 + ((n * 7) % 40));
    if (outcome === 'read') push('read', 60 + ((n * 211) % 1500));
  }

  /** The shop opens the conversation: unread count to zero, a read receipt to the customer. */
  private async read(conversation: Conversation): Promise<void> {
    if (!conversation.wrote) return;
    const contact = await this.contactOf(conversation.customer);
    if (contact) await this.conversations.markRead(this.target.caller, contact.id);
  }

  private contactOf(customer: DemoCustomer): Promise<Contact | undefined> {
    return this.contacts.findByIdentity({
      organizationId: this.organizationId,
      phoneNumberId: this.phoneNumberId,
      accountId: this.target.account.id,
      waId: customer.phone.replace(/^\+/, ''),
    });
  }

  /** Waits until every webhook the simulator has to send is delivered and applied. */
  private async settle(): Promise<void> {
    await this.simulator.idle(SETTLE_TIMEOUT_MS);
    await this.inbox.drain();
  }
}

/** A customer's conversation as it is played. */
class Conversation {
  /** Wamids of the labelled messages. */
  readonly labels = new Map<string, string>();
  /** The first step after the shop's last message: from there on, unread. */
  readonly unreadFrom: number;
  /** Whether the customer wrote (in the part played so far). */
  wrote = false;
  windowOpen = false;

  constructor(readonly customer: DemoCustomer) {
    this.unreadFrom = customer.steps.findLastIndex((step) => step.kind === 'out') + 1;
  }
}

/** Waits for all; the first failure (after all ended) is thrown. */
async function all(work: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/** A customer's message as the simulator's inbound API takes it. */
function inboundOf(
  message: CustomerMessage,
  labels: ReadonlyMap<string, string>,
): Pick<
  InboundInput,
  'type' | 'text' | 'image' | 'location' | 'interactive' | 'button' | 'reaction'
> {
  if (message.type !== 'reaction') return message;
  const wamid = labels.get(message.to);
  if (!wamid) throw new Error(`Demo week: a reaction to "${message.to}", which is not sent yet`);
  return { type: 'reaction', reaction: { message_id: wamid, emoji: message.emoji } };
}

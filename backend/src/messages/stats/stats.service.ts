import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { describeMetaError } from '../../whatsapp/meta-error-catalog.js';
import { boundedRange, utcDays } from '../history/date-range.js';
import { STATS_DEFAULT_DAYS, STATS_MAX_DAYS, type StatsQueryDto } from './dto/stats-query.dto.js';
import { type StatsResponseDto } from './dto/stats-response.dto.js';
import { type StatsScope, StatsRepository } from './stats.repository.js';

const TOP_FAILURES = 5;

/**
 * Delivery figures of an organization (or one account) over a date range. The definitions are
 * documented on StatsResponseDto; in short: outbound messages created in the range, counted by
 * their current status, rates over the messages that left the queue.
 */
@Injectable()
export class StatsService {
  constructor(private readonly stats: StatsRepository) {}

  async get(caller: AuthenticatedUser, query: StatsQueryDto): Promise<StatsResponseDto> {
    const range = boundedRange(query.since, query.until, {
      defaultDays: STATS_DEFAULT_DAYS,
      maxDays: STATS_MAX_DAYS,
    });
    const days = utcDays(range);
    const scope: StatsScope = {
      organizationId: caller.organizationId,
      accountId: query.account_id,
      range,
    };
    const { totals, perDay, failures, pricing } = await this.stats.dashboard(
      scope,
      { first: days[0] ?? '', last: days.at(-1) ?? '' },
      TOP_FAILURES,
    );

    const left = totals.total - totals.queued;
    return {
      since: range.since.toISOString(),
      until: range.until.toISOString(),
      total: totals.total,
      by_status: {
        queued: totals.queued,
        sent: totals.sent,
        delivered: totals.delivered,
        read: totals.read,
        failed: totals.failed,
      },
      delivery_rate: rate(totals.delivered + totals.read, left),
      read_rate: rate(totals.read, left),
      inbound: totals.inbound,
      top_failures: failures.map((failure) => ({
        code: failure.code,
        title: failure.title ?? describeMetaError(failure.code ?? undefined).title,
        count: failure.count,
      })),
      per_day: perDay.map((day) => ({
        date: day.date,
        sent: day.sent,
        delivered: day.delivered,
        read: day.read,
        failed: day.failed,
        inbound: day.inbound,
      })),
      pricing: Object.fromEntries(pricing.map((row) => [row.category, row.count])),
    };
  }
}

/** A share rounded to 4 decimals; 0 when there is nothing to divide by. */
function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

import { checkPhoneNumber, phoneCountry } from '@convis/contracts';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { CampaignsRepository } from '../campaigns.repository.js';
import { type Campaign } from '../campaigns.schema.js';
import {
  type CampaignEstimateDto,
  type CallingCodeEstimateDto,
} from '../dto/campaign-response.dto.js';
import { type RateCard, readRateCard } from './rate-card.js';

/**
 * What a campaign will take before it is launched: its recipients by calling code (Meta prices
 * a delivered template by its category and the recipient's calling code), the cost where the
 * configured rate card knows the price, and how long pacing will take.
 */
@Injectable()
export class CampaignEstimator implements OnModuleInit {
  private rateCard: RateCard | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly campaigns: CampaignsRepository,
  ) {}

  /** A configured rate card is read at start: a broken one stops the start, naming the line. */
  async onModuleInit(): Promise<void> {
    const file = this.config.campaigns.rateCardFile;
    if (file) this.rateCard = await readRateCard(file);
  }

  async estimate(campaign: Campaign, ratePerSecond: number): Promise<CampaignEstimateDto> {
    const card = this.rateCard;
    const groups = new Map<string, { country: string | null; recipients: number }>();
    let recipients = 0;
    for (const prefix of await this.campaigns.pendingByPrefix(campaign.id)) {
      recipients += prefix.count;
      const check = prefix.sample.startsWith('+') ? checkPhoneNumber(prefix.sample) : null;
      const code = check?.ok ? check.callingCode : '';
      const group = groups.get(code) ?? {
        country: code ? phoneCountry(prefix.sample) : null,
        recipients: 0,
      };
      group.recipients += prefix.count;
      groups.set(code, group);
    }
    const category = campaign.templateCategory.toUpperCase() as
      'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
    let cost = 0;
    let priced = 0;
    const byCode: CallingCodeEstimateDto[] = [...groups]
      .sort((a, b) => b[1].recipients - a[1].recipients)
      .map(([code, group]) => {
        const rates = code ? card?.get(code) : undefined;
        const each = rates?.[category] ?? null;
        if (each !== null) {
          cost += each * group.recipients;
          priced += group.recipients;
        }
        return {
          calling_code: code || null,
          country: group.country,
          market: rates?.market ?? null,
          recipients: group.recipients,
          price_each: each,
          cost: each === null ? null : round(each * group.recipients),
        };
      });
    return {
      category: campaign.templateCategory,
      recipients,
      pacing_seconds: Math.ceil(recipients / Math.max(1, ratePerSecond)),
      rate_card: card ? 'configured' : 'none',
      currency: 'USD',
      estimated_cost: card ? round(cost) : null,
      priced_recipients: priced,
      by_calling_code: byCode,
    };
  }
}

function round(amount: number): number {
  return Math.round(amount * 10_000) / 10_000;
}

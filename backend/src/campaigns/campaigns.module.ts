import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { PacingModule } from '../pacing/pacing.module.js';
import { TemplatesModule } from '../templates/templates.module.js';
import { BulkSendController } from './bulk-send.controller.js';
import { CampaignAudience } from './audience/campaign-audience.service.js';
import { CampaignProgress } from './campaign-progress.service.js';
import { CampaignEstimator } from './estimate/campaign-estimator.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignReconciler } from './sending/campaign-reconciler.service.js';
import { CampaignSender } from './sending/campaign-sender.service.js';
import { CampaignStatusFollower } from './sending/campaign-status-follower.service.js';

/**
 * Campaigns: bulk template sends with an audience checked row by row, sent by pg-boss jobs on
 * every instance at the number's pace, one row per recipient with its own state.
 */
@Module({
  imports: [AccountsModule, ContactsModule, MessagesModule, TemplatesModule, PacingModule],
  controllers: [CampaignsController, BulkSendController],
  providers: [
    CampaignsRepository,
    CampaignsService,
    CampaignAudience,
    CampaignStatusFollower,
    CampaignSender,
    CampaignReconciler,
    CampaignProgress,
    CampaignEstimator,
  ],
})
export class CampaignsModule {}

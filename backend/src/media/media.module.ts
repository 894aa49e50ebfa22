import { Module } from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { LocalMediaStore } from './local-media-store.js';
import { MediaDownloader } from './media-downloader.service.js';
import { MediaFilesRepository } from './media-files.repository.js';
import { MEDIA_STORE } from './media-store.js';
import { MediaController } from './media.controller.js';
import { MediaRetention } from './media-retention.service.js';
import { MediaService } from './media.service.js';

/** Inbound media: background downloads into the media store, and the download endpoint. */
@Module({
  imports: [AccountsModule, MessagesModule, WhatsAppModule],
  controllers: [MediaController],
  providers: [
    MediaFilesRepository,
    MediaDownloader,
    MediaService,
    MediaRetention,
    {
      provide: MEDIA_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalMediaStore(config.media.dir),
    },
  ],
  exports: [MediaService],
})
export class MediaModule {}

import { Module } from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { CredentialsController } from './credentials.controller.js';
import { CredentialsRepository } from './credentials.repository.js';
import { CredentialsService } from './credentials.service.js';
import { TokenVault } from './token-vault.js';

@Module({
  imports: [WhatsAppModule],
  controllers: [CredentialsController],
  providers: [
    CredentialsRepository,
    CredentialsService,
    {
      provide: TokenVault,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new TokenVault(config.encryptionKey, config.previousEncryptionKeys),
    },
  ],
  exports: [CredentialsService],
})
export class CredentialsModule {}

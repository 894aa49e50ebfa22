import { Module } from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';
import { TokenVault } from './token-vault.js';

@Module({
  imports: [WhatsAppModule],
  controllers: [AccountsController],
  providers: [
    AccountsRepository,
    AccountsService,
    {
      provide: TokenVault,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new TokenVault(config.encryptionKey, config.previousEncryptionKeys),
    },
  ],
  exports: [AccountsService],
})
export class AccountsModule {}

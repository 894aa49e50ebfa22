import { type DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream } from 'pino';
import { AuthModule } from './auth/auth.module.js';
import { type AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { loggerParams } from './logging/logger.config.js';
import { MessagesModule } from './messages/messages.module.js';
import { ReadingModule } from './messages/reading.module.js';
import { UsersModule } from './users/users.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    options: { logStream?: DestinationStream } = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, options.logStream)),
        // The `auth` throttler guards login and registration against password guessing.
        ThrottlerModule.forRoot([
          {
            name: 'auth',
            limit: config.loginThrottle.limit,
            ttl: config.loginThrottle.ttlSeconds * 1000,
          },
        ]),
        DatabaseModule,
        JobsModule,
        EventsModule,
        AuthModule,
        UsersModule,
        HealthModule,
        AccountsModule,
        ContactsModule,
        MessagesModule,
        ReadingModule,
        WebhooksModule,
        CampaignsModule,
      ],
    };
  }
}

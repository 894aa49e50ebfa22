import { Module } from '@nestjs/common';

/** Meta's webhooks: handshake, signature check, durable inbox, event processing. */
@Module({})
export class WebhooksModule {}

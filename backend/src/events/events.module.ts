import { Global, Module } from '@nestjs/common';
import { EventsListener } from './events-listener.service.js';
import { EventsStreamService } from './events-stream.service.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';
import { EventsSettings } from './events.settings.js';

/**
 * Live events: EventsService publishes (NOTIFY), EventsListener receives on every instance
 * (LISTEN), EventsController streams them to the console (GET /api/events, Server-Sent Events).
 * Global: every feature may publish.
 */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventsService, EventsSettings, EventsListener, EventsStreamService],
  exports: [EventsService, EventsListener],
})
export class EventsModule {}

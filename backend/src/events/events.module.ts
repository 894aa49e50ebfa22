import { Global, Module } from '@nestjs/common';
import { EventsService } from './events.service.js';

/** Global: every feature may publish live events. */
@Global()
@Module({ providers: [EventsService], exports: [EventsService] })
export class EventsModule {}

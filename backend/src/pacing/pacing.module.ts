import { Module } from '@nestjs/common';
import { PacingService } from './pacing.service.js';

/** Per-number (and per-campaign) send pacing, held in PostgreSQL for every instance. */
@Module({ providers: [PacingService], exports: [PacingService] })
export class PacingModule {}

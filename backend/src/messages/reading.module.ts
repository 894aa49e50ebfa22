import { Module } from '@nestjs/common';

/** History, message detail, conversations and stats: read-only views over messages. */
@Module({})
export class ReadingModule {}

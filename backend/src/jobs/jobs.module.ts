import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue.service.js';

/** pg-boss on the application's database, for every feature's background work. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}

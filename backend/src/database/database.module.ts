import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { createDatabase, createPool } from './database.js';

/** Injection tokens: the Drizzle database and the raw pool (health checks, LISTEN/NOTIFY). */
export const DATABASE = Symbol('DATABASE');
export const PG_POOL = Symbol('PG_POOL');

@Global()
@Module({
  providers: [
    {
      provide: PG_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl)
          throw new Error('The database URL must be resolved before the app is created.');
        const logger = new Logger('Database');
        return createPool(config.databaseUrl, (error) =>
          logger.warn(`Idle database connection lost: ${error.message}`),
        );
      },
    },
    { provide: DATABASE, inject: [PG_POOL], useFactory: (pool: pg.Pool) => createDatabase(pool) },
  ],
  exports: [DATABASE, PG_POOL],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

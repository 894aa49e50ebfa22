import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { type FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import {
  DATABASE_PROBE_TIMEOUT_MS,
  DatabaseProbe,
  DatabaseTimeoutError,
} from './database-probe.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probe: DatabaseProbe,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness and database status (503 when the database is unreachable)',
    description: `Answers within a second: 503 with the database \`down\` (reason \`timeout\`) when it does not answer within ${DATABASE_PROBE_TIMEOUT_MS} ms, reason \`error\` when it refuses.`,
  })
  async checkHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database()]);
    } catch (error) {
      // Terminus throws its documented 503 body; the global filter would reduce it to the
      // generic error body and lose which check failed and why.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      return indicator.up({ response_time_ms: await this.probe.ping() });
    } catch (error) {
      if (error instanceof DatabaseTimeoutError) {
        return indicator.down({ reason: 'timeout', message: error.message });
      }
      // The route is public: the driver's message (host, port, role) goes to the log only.
      this.logger.warn({ err: error }, 'Health check: the database failed');
      return indicator.down({
        reason: 'error',
        message: 'The database refused the connection or the query',
      });
    }
  }
}

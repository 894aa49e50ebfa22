import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ApiErrors } from '../../common/errors/api-error-responses.js';
import { StatsQueryDto } from './dto/stats-query.dto.js';
import { StatsResponseDto } from './dto/stats-response.dto.js';
import { StatsService } from './stats.service.js';

@ApiTags('stats')
@Auth()
@Controller('whatsapp/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary: 'Delivery statistics over a date range',
    description:
      'Messages are counted by the day they were created (UTC), and outbound ones by their current status: ' +
      'a message sent on Monday and read on Tuesday counts as read, on Monday. ' +
      '`total` = outbound messages created in the range; `by_status` splits them by current status ' +
      '(`read` includes played; the five add up to `total`); ' +
      '`delivery_rate` = (delivered + read) / (total − queued) and `read_rate` = read / (total − queued), ' +
      '0 when total = queued, rounded to 4 decimals; failed messages count in the denominator. ' +
      '`inbound` = inbound messages in the range. `top_failures`: failed outbound messages by error code, the 5 largest. ' +
      '`per_day`: every UTC date of the range with funnel counts (sent ≥ delivered ≥ read; sent excludes failed and queued). ' +
      '`pricing`: outbound messages by Meta’s pricing category. ' +
      'Default range: the last 30 days up to the end of today (UTC); at most 366 days.',
  })
  @ApiOkResponse({ type: StatsResponseDto })
  @ApiErrors([400, 'A parameter is invalid or the range is empty or longer than 366 days.'])
  getStats(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: StatsQueryDto,
  ): Promise<StatsResponseDto> {
    return this.stats.get(caller, query);
  }
}

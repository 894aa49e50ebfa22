import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { CampaignsService } from './campaigns.service.js';
import { BulkSendDto } from './dto/campaign-request.dto.js';
import { BulkSendAcceptedDto } from './dto/campaign-response.dto.js';

/** `POST /messages/bulk`, as the seed promised it: a campaign, created and launched at once. */
@ApiTags('messages')
@Auth()
@Controller('whatsapp/messages')
export class BulkSendController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post('bulk')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'sendBulkMessages',
    summary: 'Send a template to up to 1,000 recipients (a campaign made and launched at once)',
    description:
      'Answers 202 with the campaign’s id and the per-row report; sending is paced at the number’s throughput. Follow it at GET /campaigns/{id}.',
  })
  @ApiAcceptedResponse({ type: BulkSendAcceptedDto })
  @ApiErrors(
    [400, 'A field is invalid or the template is not approved.'],
    [422, 'No recipient can be sent to (see the report).'],
  )
  async bulk(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: BulkSendDto,
  ): Promise<BulkSendAcceptedDto> {
    return this.campaigns.bulkSend(caller, dto);
  }
}

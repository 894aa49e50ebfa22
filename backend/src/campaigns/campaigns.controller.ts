import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { UUID_PARAM } from '../common/validation/uuid-param.js';
import { SentMessageDto } from '../messages/send/dto/message-response.dto.js';
import { sendAnswer } from '../messages/send/send-answer.js';
import { CampaignsService } from './campaigns.service.js';
import {
  AddAudienceDto,
  CreateCampaignDto,
  LaunchCampaignDto,
  ListCampaignsQueryDto,
  ListRecipientsQueryDto,
  TestSendDto,
  UpdateCampaignDto,
} from './dto/campaign-request.dto.js';
import {
  AudienceReportDto,
  CampaignDto,
  CampaignEstimateDto,
  CampaignPageDto,
  CampaignTimelineDto,
  CreatedCampaignDto,
  RecipientPageDto,
  UpdatedCampaignDto,
} from './dto/campaign-response.dto.js';

const ID_PARAM = { name: 'id', format: 'uuid', description: 'The campaign’s id.' };
const NO_CAMPAIGN: [number, string] = [404, 'No such campaign in your organization.'];
const WRONG_STATE: [number, string] = [409, 'The campaign is in a state that does not allow this.'];
const BAD_INPUT: [number, string] = [400, 'A field is invalid (the details name it and say why).'];

@ApiTags('campaigns')
@Auth()
@Controller('whatsapp/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @ApiOperation({
    operationId: 'createCampaign',
    summary: 'Create a draft campaign',
    description:
      'An approved template of an account, values for every recipient, and optionally the first recipients (JSON rows, checked one by one: the answer has the report).',
  })
  @ApiCreatedResponse({ type: CreatedCampaignDto })
  @ApiErrors([400, 'A field is invalid, the template is not approved, or a variable is unknown.'])
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: CreateCampaignDto,
  ): Promise<CreatedCampaignDto> {
    return this.campaigns.create(caller, dto);
  }

  @Get()
  @ApiOperation({
    operationId: 'listCampaigns',
    summary: 'List campaigns, newest first, with their counts',
  })
  @ApiOkResponse({ type: CampaignPageDto })
  @ApiErrors()
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListCampaignsQueryDto,
  ): Promise<CampaignPageDto> {
    return this.campaigns.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getCampaign',
    summary: 'A campaign: its state and the count of recipients per state',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors(NO_CAMPAIGN)
  get(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<CampaignDto> {
    return this.campaigns.get(caller, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateCampaign',
    summary: 'Edit a draft: its name, account, template, default values, header file or rate cap',
    description:
      'Fields left out stay as they are. A new account, template or default values check the whole audience again, as an upload would: the answer has that report, and a recipient the new template cannot be sent to is skipped with the reason (upload a new audience for it). Only drafts can be edited.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: UpdatedCampaignDto })
  @ApiErrors(
    [400, 'A field is invalid, the template is not approved, or a variable is unknown.'],
    NO_CAMPAIGN,
    [409, 'The campaign is no longer a draft.'],
  )
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: UpdateCampaignDto,
  ): Promise<UpdatedCampaignDto> {
    return this.campaigns.update(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteCampaign',
    summary: 'Delete a draft, completed or cancelled campaign',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({
    description: 'Deleted, with its recipients (their messages stay in the history).',
  })
  @ApiErrors(NO_CAMPAIGN, WRONG_STATE)
  async remove(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<void> {
    await this.campaigns.remove(caller, id);
  }

  @Post(':id/audience')
  @ApiOperation({
    operationId: 'addCampaignAudience',
    summary:
      'Add recipients to a draft: JSON rows, a contact tag, or an earlier campaign’s outcome',
    description:
      'Every row is checked as the send would: the number, duplicates, marketing opt-outs, and the template’s variables (missing or extra). The answer is the per-line report; all or nothing.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AudienceReportDto })
  @ApiErrors(BAD_INPUT, NO_CAMPAIGN, WRONG_STATE)
  @HttpCode(HttpStatus.OK)
  addAudience(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: AddAudienceDto,
  ): Promise<AudienceReportDto> {
    return this.campaigns.addAudience(caller, id, dto);
  }

  @Post(':id/audience/csv')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'uploadCampaignAudience',
    summary: 'Add recipients to a draft from a CSV file',
    description:
      'multipart/form-data: `file` (up to 50 MB, 200,000 rows), optionally `to_column` (the number or user id column; guessed from names like `phone` without it) and `columns` (a JSON object of variable key to column name, `""` for none: the mapping step). Without `columns`, columns named like a variable key (`body_1`) or its placeholder (`1`, `first_name`) fill that variable. The answer is the per-line report and the mapping used.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        to_column: { type: 'string', example: 'phone' },
        columns: {
          type: 'string',
          description: 'JSON: variable key -> column name ("" for none)',
          example: '{"body_1":"First name","body_2":""}',
        },
      },
    },
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AudienceReportDto })
  @ApiErrors(BAD_INPUT, NO_CAMPAIGN, WRONG_STATE)
  uploadAudience(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Req() request: FastifyRequest,
  ): Promise<AudienceReportDto> {
    return this.campaigns.addCsv(caller, id, request);
  }

  @Post(':id/launch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'launchCampaign',
    summary: 'Launch a draft now, or schedule it (`send_at`, `time_zone`)',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors(BAD_INPUT, NO_CAMPAIGN, WRONG_STATE, [
    422,
    'The campaign has no recipients to send to.',
  ])
  launch(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: LaunchCampaignDto,
  ): Promise<CampaignDto> {
    return this.campaigns.launch(caller, id, dto);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'pauseCampaign',
    summary: 'Pause a running or scheduled campaign (sends stop within a second)',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors(NO_CAMPAIGN, WRONG_STATE)
  pause(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<CampaignDto> {
    return this.campaigns.pause(caller, id);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'resumeCampaign',
    summary: 'Resume a paused campaign where it stopped',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors(NO_CAMPAIGN, WRONG_STATE)
  resume(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<CampaignDto> {
    return this.campaigns.resume(caller, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'cancelCampaign',
    summary: 'Cancel a campaign: recipients not sent yet are never sent',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors(NO_CAMPAIGN, WRONG_STATE)
  cancel(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<CampaignDto> {
    return this.campaigns.cancel(caller, id);
  }

  @Get(':id/estimate')
  @ApiOperation({
    operationId: 'getCampaignEstimate',
    summary:
      'Before launch: recipients by calling code, an estimated cost, and how long pacing takes',
    description:
      'The cost is an estimate from the rate card configured in PRICING_RATE_CARD_FILE (Meta’s prices change: none is built in); without one, the counts alone.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampaignEstimateDto })
  @ApiErrors(NO_CAMPAIGN)
  estimate(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<CampaignEstimateDto> {
    return this.campaigns.estimate(caller, id);
  }

  @Get(':id/timeline')
  @ApiOperation({
    operationId: 'getCampaignTimeline',
    summary: 'Sends and failures per minute over the whole campaign',
    description:
      'For a chart of the campaign over time: each recipient counts once, where it is now (sent by the minute Meta took it, failed by the minute it failed).',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampaignTimelineDto })
  @ApiErrors(NO_CAMPAIGN)
  timeline(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<CampaignTimelineDto> {
    return this.campaigns.timeline(caller, id);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    operationId: 'sendCampaignTest',
    summary: 'Send the campaign’s template to one number, as a test',
  })
  @ApiParam(ID_PARAM)
  @ApiCreatedResponse({ type: SentMessageDto })
  @ApiErrors(BAD_INPUT, NO_CAMPAIGN, [422, 'Meta refused the test, or a variable is missing.'])
  async testSend(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: TestSendDto,
  ): Promise<SentMessageDto> {
    return sendAnswer(await this.campaigns.testSend(caller, id, dto));
  }

  @Get(':id/recipients')
  @ApiOperation({
    operationId: 'listCampaignRecipients',
    summary: 'Recipients in audience order, optionally in some states',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: RecipientPageDto })
  @ApiErrors(BAD_INPUT, NO_CAMPAIGN)
  recipients(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Query() query: ListRecipientsQueryDto,
  ): Promise<RecipientPageDto> {
    return this.campaigns.recipients(caller, id, query);
  }

  @Get(':id/recipients/export')
  @ApiOperation({
    operationId: 'exportCampaignRecipients',
    summary: 'Every recipient and its outcome, as CSV',
  })
  @ApiParam(ID_PARAM)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, one line per recipient.', schema: { type: 'string' } })
  @ApiErrors(NO_CAMPAIGN)
  async export(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<StreamableFile> {
    const lines = this.campaigns.exportRecipients(caller, id);
    const first = await lines.next();
    const stream = Readable.from(
      (async function* () {
        if (!first.done) yield first.value;
        yield* lines;
      })(),
    );
    return new StreamableFile(stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="campaign-${id}.csv"`,
    });
  }

  @Post(':id/recipients/:recipient_id/send-again')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'resendCampaignRecipient',
    summary:
      'Send to an unknown or failed recipient again (a person’s decision: it may arrive twice)',
  })
  @ApiParam(ID_PARAM)
  @ApiParam({ name: 'recipient_id', format: 'uuid', description: 'The recipient’s id.' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors(NO_CAMPAIGN, WRONG_STATE)
  sendAgain(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Param('recipient_id', UUID_PARAM) recipientId: string,
  ): Promise<CampaignDto> {
    return this.campaigns.sendAgain(caller, id, recipientId);
  }
}

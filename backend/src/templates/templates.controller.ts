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
} from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { UUID_PARAM } from '../common/validation/uuid-param.js';
import { CreateTemplateDto, UpdateTemplateDto } from './dto/template-draft.dto.js';
import {
  DeletedTemplatesResponseDto,
  DeleteTemplateQueryDto,
  ListTemplatesQueryDto,
  SyncTemplatesDto,
  SyncTemplatesResponseDto,
  TemplateResponseDto,
  UploadedTemplateMediaDto,
} from './dto/template-response.dto.js';
import { TemplatesService } from './templates.service.js';

const META_DOWN = 'Meta could not be reached, timed out or kept failing; try again later.';

@ApiTags('templates')
@Auth()
@Controller('whatsapp/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({
    summary: 'List the templates of an account’s business account',
    description:
      'From the local copy, kept current by Meta’s webhooks; the first call for an account copies them from Meta. Filters: status, category, language, and q (part of the name). Use sync to refresh.',
  })
  @ApiOkResponse({ type: [TemplateResponseDto] })
  @ApiErrors([400], [404, 'No such WhatsApp account in your organization.'])
  @ApiBadGatewayResponse({ description: META_DOWN })
  listTemplates(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListTemplatesQueryDto,
  ): Promise<TemplateResponseDto[]> {
    return this.templates.list(caller, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a template and submit it to Meta for review',
    description:
      'Checked first with Meta’s rules (the builder’s own check, from @convis/contracts): name, lengths, variables in order with one example each, not next to each other nor first or last, button kinds and counts; 400 names each broken field. An image, video or document header needs a sample: `header.handle` from `POST /api/whatsapp/templates/media`, or `header.media_file_id` of a stored file (uploaded to Meta through the Resumable Upload API; the account needs its Meta app id). The template starts PENDING; Meta’s review arrives by webhook (`template.changed`).',
  })
  @ApiCreatedResponse({ type: TemplateResponseDto })
  @ApiErrors(
    [400, 'A field breaks one of Meta’s rules (each field with its reasons).'],
    [404, 'No such media file in your organization.'],
    [
      422,
      'Meta refused the template (its words in the message and meta_error), or the account has no Meta app id for a media header.',
    ],
  )
  @ApiBadGatewayResponse({ description: META_DOWN })
  createTemplate(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: CreateTemplateDto,
  ): Promise<TemplateResponseDto> {
    return this.templates.create(caller, dto);
  }

  @Post('sync')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Copy the templates of an account’s business account from Meta' })
  @ApiOkResponse({ type: SyncTemplatesResponseDto })
  @ApiErrors([400], [404, 'No such WhatsApp account in your organization.'])
  @ApiBadGatewayResponse({ description: 'Meta could not be reached.' })
  syncTemplates(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: SyncTemplatesDto,
  ): Promise<SyncTemplatesResponseDto> {
    return this.templates.sync(caller, dto.account_id);
  }

  @Post('media')
  @ApiOperation({
    summary: 'Upload the sample of a template’s media header',
    description:
      'multipart/form-data with account_id and file (JPEG or PNG up to 5 MB, MP4 up to 16 MB, PDF up to 100 MB). Uploaded through Meta’s Resumable Upload API with the account’s Meta app id; returns the handle for `header.handle`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['account_id', 'file'],
      properties: {
        account_id: { type: 'string', format: 'uuid' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadedTemplateMediaDto })
  @ApiErrors(
    [400, 'Missing file or account_id, a type a header cannot show, or too large.'],
    [422, 'The account has no Meta app id, or Meta refused the file.'],
  )
  @ApiBadGatewayResponse({ description: META_DOWN })
  uploadTemplateMedia(
    @CurrentUser() caller: AuthenticatedUser,
    @Req() request: FastifyRequest,
  ): Promise<UploadedTemplateMediaDto> {
    return this.templates.uploadSample(caller, request);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a template',
    description: 'With what Meta allows for an edit now (`edit`).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TemplateResponseDto })
  @ApiErrors([400], [404, 'No such template in your organization.'])
  getTemplate(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<TemplateResponseDto> {
    return this.templates.get(caller, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit a template’s content (it goes back to Meta’s review)',
    description:
      'Replaces header, body, footer and buttons; name, language and category stay (Meta fixes the category). Meta edits only approved, rejected or paused templates, and an approved one at most 10 times in 30 days and once in 24 hours: 422 with `edit` (what is left, and when the next edit is possible) otherwise. The same rules as create apply.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TemplateResponseDto })
  @ApiErrors(
    [400, 'A field breaks one of Meta’s rules (each field with its reasons).'],
    [404, 'No such template in your organization.'],
    [422, 'Meta does not allow an edit now (see `edit`), or refused it.'],
  )
  @ApiBadGatewayResponse({ description: META_DOWN })
  updateTemplate(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: UpdateTemplateDto,
  ): Promise<TemplateResponseDto> {
    return this.templates.update(caller, id, dto);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete a template: its language, or every language of its name',
    description:
      'Deleted at Meta and here. Meta keeps the name for 30 days: a template of the same name and language cannot be created before `name_reusable_at`.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: DeletedTemplatesResponseDto })
  @ApiErrors(
    [400],
    [404, 'No such template in your organization.'],
    [422, 'Meta refused the delete.'],
  )
  @ApiBadGatewayResponse({ description: META_DOWN })
  deleteTemplate(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Query() query: DeleteTemplateQueryDto,
  ): Promise<DeletedTemplatesResponseDto> {
    return this.templates.remove(caller, id, query.scope ?? 'language');
  }
}

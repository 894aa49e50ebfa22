import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import {
  ListTemplatesQueryDto,
  SyncTemplatesDto,
  SyncTemplatesResponseDto,
  TemplateResponseDto,
} from './dto/template-response.dto.js';
import { TemplatesService } from './templates.service.js';

@ApiTags('templates')
@Auth()
@Controller('whatsapp/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({
    summary: 'List the templates of an account’s business account',
    description:
      'From the local copy; the first call for an account copies them from Meta. Use sync to refresh.',
  })
  @ApiOkResponse({ type: [TemplateResponseDto] })
  @ApiErrors([400], [404, 'No such WhatsApp account in your organization.'])
  listTemplates(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListTemplatesQueryDto,
  ): Promise<TemplateResponseDto[]> {
    return this.templates.list(caller, query);
  }

  @Post('sync')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Copy the templates of an account’s business account from Meta' })
  @ApiOkResponse({ type: SyncTemplatesResponseDto })
  @ApiErrors(
    [400],
    [404, 'No such WhatsApp account in your organization.'],
    [502, 'Meta could not be reached.'],
  )
  syncTemplates(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: SyncTemplatesDto,
  ): Promise<SyncTemplatesResponseDto> {
    return this.templates.sync(caller, dto.account_id);
  }
}

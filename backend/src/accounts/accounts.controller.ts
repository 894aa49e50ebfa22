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
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminOnly, Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { NoStore } from '../common/http/no-store.js';
import { UUID_PARAM } from '../common/validation/uuid-param.js';
import { AccountsService } from './accounts.service.js';
import {
  ConnectionTestFailedResponseDto,
  ConnectionTestResponseDto,
  TestAccountDto,
} from './dto/connection-test.dto.js';
import { CreateAccountDto } from './dto/create-account.dto.js';
import { AccountResponseDto } from './dto/account-response.dto.js';
import { UpdateAccountDto } from './dto/update-account.dto.js';

@ApiTags('whatsapp accounts')
@Auth()
// Verify tokens, webhook URLs and secret masks: never cached.
@NoStore()
@Controller('whatsapp/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('test')
  @AdminOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Test account values without saving them',
    description:
      'Checks the token, that the phone number is reachable and belongs to the business account, that it is not connected already, its quality and throughput.',
  })
  @ApiOkResponse({
    type: ConnectionTestResponseDto,
    description: 'The checklist; `success` is false when a step failed.',
  })
  @ApiErrors([400])
  testAccount(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: TestAccountDto,
  ): Promise<ConnectionTestResponseDto> {
    return this.accounts.test(caller, dto);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    summary: 'Connect a WhatsApp Business phone number',
    description: 'The values are tested first; a failing test saves nothing.',
  })
  @ApiCreatedResponse({ type: AccountResponseDto })
  @ApiErrors([400], [409, 'This phone number is already connected.'])
  @ApiUnprocessableEntityResponse({
    type: ConnectionTestFailedResponseDto,
    description: 'The connection test failed.',
  })
  createAccount(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: CreateAccountDto,
  ): Promise<AccountResponseDto> {
    return this.accounts.create(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: "List your organization's WhatsApp accounts" })
  @ApiOkResponse({ type: [AccountResponseDto] })
  listAccounts(@CurrentUser() caller: AuthenticatedUser): Promise<AccountResponseDto[]> {
    return this.accounts.list(caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One WhatsApp account' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: AccountResponseDto })
  @ApiErrors([404, 'No such account in your organization.'])
  getAccount(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<AccountResponseDto> {
    return this.accounts.get(caller, id);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({
    summary: 'Rename an account or replace its token or app secret',
    description: 'A new token is tested before it replaces the old one.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: AccountResponseDto })
  @ApiErrors([400], [404, 'No such account in your organization.'])
  @ApiUnprocessableEntityResponse({
    type: ConnectionTestFailedResponseDto,
    description: 'The new token failed the connection test.',
  })
  updateAccount(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountResponseDto> {
    return this.accounts.update(caller, id, dto);
  }

  @Post(':id/verify')
  @AdminOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Re-test a saved account',
    description: 'Updates its status, quality rating and last-verified time.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: AccountResponseDto })
  @ApiErrors([404, 'No such account in your organization.'])
  verifyAccount(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<AccountResponseDto> {
    return this.accounts.verify(caller, id);
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Disconnect a WhatsApp account',
    description:
      'Removes the account and its encrypted secrets. Its message history stays (messages keep the phone number they were sent from); ' +
      'queued or scheduled sends from it are cancelled, and webhooks for its number are ignored from then on.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Disconnected.' })
  @ApiErrors([404, 'No such account in your organization.'])
  deleteAccount(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<void> {
    return this.accounts.remove(caller, id);
  }
}

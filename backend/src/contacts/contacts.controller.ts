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
  Put,
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
import { AdminOnly, Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { UUID_PARAM } from '../common/validation/uuid-param.js';
import { ContactDirectoryService } from './contact-directory.service.js';
import {
  ConsentSettingsDto,
  UpdateConsentSettingsDto,
  UpdateContactConsentDto,
} from './dto/consent.dto.js';
import {
  ContactDetailDto,
  ContactDto,
  ContactErasureDto,
  ContactPageDto,
} from './dto/contact-response.dto.js';
import {
  ContactImportDto,
  ContactImportReportDto,
  ContactImportResultDto,
  ImportContactsDto,
} from './dto/contact-import.dto.js';
import { ContactFiltersDto, ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import { ContactImportService } from './import/contact-import.service.js';
import { UpdateContactDto } from './dto/update-contact.dto.js';

const ID_PARAM = { name: 'id', format: 'uuid', description: 'The contact’s id.' };
const NO_CONTACT: [number, string] = [404, 'No such contact in your organization.'];

@ApiTags('contacts')
@Auth()
@Controller('whatsapp/contacts')
export class ContactsController {
  constructor(private readonly directory: ContactDirectoryService) {}

  @Get()
  @ApiOperation({
    summary: 'Contacts, newest first',
    description:
      'Search by name, by any part of the number in any spelling, by tag, consent state or when ' +
      'they last wrote. Keyset-paged: pass `next_cursor` back as `cursor` until it is null.',
  })
  @ApiOkResponse({ type: ContactPageDto })
  @ApiErrors([400, 'A filter is invalid (the details name it), or an unknown filter was given.'])
  listContacts(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListContactsQueryDto,
  ): Promise<ContactPageDto> {
    return this.directory.list(caller, query);
  }

  @Get('export')
  @ApiOperation({
    summary: 'Export contacts as CSV',
    description:
      'The contacts matching the filters (as in the list), newest first, streamed: the number ' +
      '(E.164), both names, username, user id, tags, consent, last inbound, creation, then one ' +
      'column per attribute. Imports back as it is.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file.', schema: { type: 'string', format: 'binary' } })
  @ApiErrors([400, 'A filter is invalid (the details name it).'])
  downloadContacts(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ContactFiltersDto,
  ): Promise<StreamableFile> {
    return this.directory.export(caller, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One contact, with its consent history and 24-hour window',
    description:
      'Its id is also its Inbox conversation’s and the `contact` filter of the message history.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ContactDetailDto })
  @ApiErrors(NO_CONTACT)
  getContact(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<ContactDetailDto> {
    return this.directory.get(caller, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change the name, tags or attributes the business set',
    description:
      'Fields left out stay as they are; WhatsApp’s own ids and profile name cannot be changed.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ContactDto })
  @ApiErrors([400, 'A field is invalid (the details name it).'], NO_CONTACT)
  updateContact(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactDto> {
    return this.directory.update(caller, id, dto);
  }

  @Delete(':id')
  @AdminOnly()
  @ApiOperation({
    summary: 'Erase a contact and everything of it (a data subject’s request)',
    description:
      'Deletes, in one transaction: the contact, its messages both ways, their status timelines, ' +
      'their media (the stored files right after), and its consent history. Meta keeps its own ' +
      'copies. Admins only: it cannot be undone. A new message from the number later starts a new ' +
      'contact.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ContactErasureDto, description: 'What was erased.' })
  @ApiErrors(NO_CONTACT)
  deleteContact(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<ContactErasureDto> {
    return this.directory.erase(caller, id);
  }

  @Post(':id/consent')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record an opt-out or opt-in to marketing',
    description:
      'Recorded in the consent history with the time, the source (`agent` with the caller, or ' +
      '`api`) and the wording. Opted-out contacts get no marketing template from this service; ' +
      'utility and authentication templates and replies within the window still go.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ContactDetailDto, description: 'The contact, with its history.' })
  @ApiErrors([400, 'A field is invalid (the details name it).'], NO_CONTACT)
  updateContactConsent(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: UpdateContactConsentDto,
  ): Promise<ContactDetailDto> {
    return this.directory.changeConsent(caller, id, dto);
  }
}

@ApiTags('contacts')
@Auth()
@Controller('whatsapp/contact-imports')
export class ContactImportsController {
  constructor(private readonly imports: ContactImportService) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a CSV file of contacts (step 1 of an import)',
    description:
      'multipart/form-data with the file as `file` (up to 50 MB). Nothing is written: the answer ' +
      'gives the delimiter found (`,` `;` tab or `|`), the columns, a sample and the row count, ' +
      'and the id to check and import it by. UTF-8, with or without BOM; CRLF or LF; quoted ' +
      'fields; Excel’s leading apostrophes. Kept on the server for an hour.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: ContactImportDto })
  @ApiErrors([400, 'No file, an empty one, or not CSV.'], [413, 'Larger than 50 MB.'])
  uploadContactImport(
    @CurrentUser() caller: AuthenticatedUser,
    @Req() request: FastifyRequest,
  ): Promise<ContactImportDto> {
    return this.imports.upload(caller, request);
  }

  @Post(':id/check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Check an upload with a column mapping (step 2): the per-line report',
    description:
      'Reads every row with the mapping and reports each line that would be left out, with its ' +
      'number and reason (a phone number the phone rule refuses, a duplicate of an earlier line, ' +
      'a missing column, a bad tag), and how many are new or contacts already. Nothing is written.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The upload’s id.' })
  @ApiOkResponse({ type: ContactImportReportDto })
  @ApiErrors(
    [400, 'The mapping names a column the file lacks, or a field is invalid.'],
    [404, 'No such upload (they are kept for an hour).'],
  )
  checkContactImport(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: ImportContactsDto,
  ): Promise<ContactImportReportDto> {
    return this.imports.check(caller, id, dto);
  }

  @Post(':id/contacts')
  @ApiOperation({
    summary: 'Import the contacts of an upload (step 3)',
    description:
      'With the same body as the check: writes the valid rows in batches of 1,000 (each its own ' +
      'transaction), creating contacts or, with `create_or_update`, updating existing ones; adds ' +
      '`tags`; with `opt_in_source`, opts them in and records it. The upload is deleted after.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The upload’s id.' })
  @ApiCreatedResponse({ type: ContactImportResultDto })
  @ApiErrors(
    [400, 'The mapping names a column the file lacks, or a field is invalid.'],
    [404, 'No such upload (they are kept for an hour).'],
  )
  createImportedContacts(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: ImportContactsDto,
  ): Promise<ContactImportResultDto> {
    return this.imports.run(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Discard an upload that will not be imported' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The upload’s id.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors([404, 'No such upload.'])
  deleteContactImport(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<void> {
    return this.imports.discard(caller, id);
  }
}

@ApiTags('contacts')
@Auth()
@Controller('whatsapp/consent-settings')
export class ConsentSettingsController {
  constructor(private readonly directory: ContactDirectoryService) {}

  @Get()
  @ApiOperation({ summary: 'The consent keywords and confirmation replies' })
  @ApiOkResponse({ type: ConsentSettingsDto })
  getConsentSettings(@CurrentUser() caller: AuthenticatedUser): Promise<ConsentSettingsDto> {
    return this.directory.settings(caller);
  }

  @Put()
  @AdminOnly()
  @ApiOperation({
    summary: 'Change the consent keywords and confirmation replies',
    description:
      'Fields left out stay as they are. Admins only: it changes what every contact’s STOP does.',
  })
  @ApiOkResponse({ type: ConsentSettingsDto })
  @ApiErrors([400, 'A field is invalid (the details name it).'])
  updateConsentSettings(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: UpdateConsentSettingsDto,
  ): Promise<ConsentSettingsDto> {
    return this.directory.updateSettings(caller, dto);
  }
}

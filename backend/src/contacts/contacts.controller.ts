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
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
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
import { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
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

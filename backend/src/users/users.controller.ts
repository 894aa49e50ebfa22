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
} from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { NoStore } from '../common/http/no-store.js';
import { UUID_PARAM } from '../common/validation/uuid-param.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserResponseDto } from './dto/user-response.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Auth('admin')
// Members' details, for admins only: never cached.
@NoStore()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: "List your organization's members" })
  @ApiOkResponse({ type: [UserResponseDto] })
  listUsers(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponseDto[]> {
    return this.users.list(caller);
  }

  @Post()
  @ApiOperation({ summary: 'Add a member to your organization' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiErrors([400], [409, 'The email is taken.'])
  createUser(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: CreateUserDto,
  ): Promise<UserResponseDto> {
    return this.users.create(caller, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a member, change their role or reset their password' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(
    [400],
    [404, 'No such user in your organization.'],
    [422, 'Would leave the organization without an admin.'],
  )
  updateUser(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    return this.users.update(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a member; their sessions end at once' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors(
    [404, 'No such user in your organization.'],
    [422, 'Removing yourself or the last admin.'],
  )
  deleteUser(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<void> {
    return this.users.remove(caller, id);
  }
}

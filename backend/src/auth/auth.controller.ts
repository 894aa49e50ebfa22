import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { NoStore } from '../common/http/no-store.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { UsersService } from '../users/users.service.js';
import { Auth, CurrentUser, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { type AuthenticatedUser } from './authenticated-user.js';
import { AuthResponseDto } from './dto/auth-response.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { LogoutDto, RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';

@ApiTags('auth')
// Tokens and the signed-in user: never cached.
@NoStore()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('register')
  @ApiOperation({ summary: 'Create an organization and its first admin, and sign in' })
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiErrors(
    [400],
    [403, 'Sign-up is closed (ALLOW_SIGNUP=false).'],
    [409, 'The email is taken.'],
    [429, 'Too many attempts.'],
  )
  registerOrganization(@Body() dto: RegisterDto): Promise<AuthResponseDto> {
    return this.auth.register(dto);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors([400], [401, 'Wrong email or password.'], [429, 'Too many attempts.'])
  login(@Body() dto: LoginDto): Promise<AuthResponseDto> {
    return this.auth.login(dto);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description:
      'Refresh tokens rotate: each is single-use. Presenting a used one again ends the whole session.',
  })
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors([400], [401, 'Invalid, expired, revoked or reused refresh token.'])
  refreshSession(@Body() dto: RefreshDto): Promise<AuthResponseDto> {
    return this.auth.refresh(dto.refresh_token);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiNoContentResponse({ description: 'Signed out (also when the token was already invalid).' })
  @ApiErrors([400])
  logout(@Body() dto: LogoutDto): Promise<void> {
    return this.auth.logout(dto.refresh_token);
  }

  @Auth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponseDto })
  getCurrentUser(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponseDto> {
    return this.users.me(caller);
  }
}

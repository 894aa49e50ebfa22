import { ApiProperty } from '@nestjs/swagger';
import { type UserWithOrganization } from '../users.schema.js';

export class OrganizationSummaryDto {
  @ApiProperty({ format: 'uuid', example: '0b9f7a3e-6a53-4c0e-9a55-1f1d3f0a8c11' })
  id!: string;

  @ApiProperty({ example: 'Acme Ltd' })
  name!: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid', example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com', format: 'email' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ enum: ['admin', 'member'], enumName: 'UserRole', example: 'admin' })
  role!: 'admin' | 'member';

  @ApiProperty({ type: OrganizationSummaryDto })
  organization!: OrganizationSummaryDto;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T12:00:00.000Z' })
  created_at!: string;

  static from(user: UserWithOrganization): UserResponseDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      organization: { id: user.organizationId, name: user.organizationName },
      created_at: user.createdAt.toISOString(),
    };
  }
}

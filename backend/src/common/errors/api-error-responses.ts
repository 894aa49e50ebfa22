import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorResponseDto } from './error-response.dto.js';

/** Documents error answers of a route, all with the one error body. */
export function ApiErrors(
  ...errors: Array<[status: number, description?: string]>
): MethodDecorator {
  return applyDecorators(
    ...errors.map(([status, description]) =>
      ApiResponse({
        status,
        description: description ?? STATUS_CODES[status],
        type: ErrorResponseDto,
      }),
    ),
  );
}

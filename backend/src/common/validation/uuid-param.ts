import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';

/** An id path parameter: anything but a UUID is answered with 404, as no such record can exist. */
export const UUID_PARAM = new ParseUUIDPipe({
  version: '4',
  errorHttpStatusCode: HttpStatus.NOT_FOUND,
});

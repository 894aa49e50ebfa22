import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { type Observable } from 'rxjs';

/** Sets the header before the handler runs, so error answers of the route carry it too. */
@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    void context.switchToHttp().getResponse<FastifyReply>().header('cache-control', 'no-store');
    return next.handle();
  }
}

/**
 * `Cache-Control: no-store` on every answer of a controller or route: for answers that carry
 * tokens or secrets (sign-in, refresh, accounts), which no browser cache or proxy may keep.
 */
export function NoStore(): MethodDecorator & ClassDecorator {
  return UseInterceptors(NoStoreInterceptor);
}

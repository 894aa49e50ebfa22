import 'reflect-metadata';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Injectable()
export class HelloService { hi() { return { ok: true }; } }
@Controller('hello')
export class HelloController { constructor(private readonly s: HelloService) {} @Get() get() { return this.s.hi(); } }
@Module({ controllers: [HelloController], providers: [HelloService] })
export class AppModule {}

export async function make() {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
  await app.init(); await app.getHttpAdapter().getInstance().ready();
  return app;
}
if (process.argv[1]?.endsWith('main.js')) { const a = await make(); await a.listen(3999); console.log('up'); await a.close(); }

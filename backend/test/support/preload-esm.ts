// Some Nest add-ons (@nestjs/throttler, @nestjs/terminus) are CommonJS and require() the ESM-only
// @nestjs/common. Jest's require(esm) refuses that while @nestjs/common is still being linked,
// so it is loaded completely first.
import '@nestjs/common';
import '@nestjs/core';

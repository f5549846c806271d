import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '@hoso/config';
import { NestFactory } from '@nestjs/core';
import { BridgeModule } from './bridge.module';
import { openApiDocument } from './http';

/**
 * Writes the bridge's OpenAPI document (docs/openapi.json) without starting it: preview mode builds the
 * routes and their metadata but no provider, so no database or broker is needed.
 */
async function main(out: string | undefined): Promise<void> {
  loadConfig();
  const app = await NestFactory.create(BridgeModule, { preview: true, logger: false, abortOnError: false });
  const text = `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  await app.close();
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

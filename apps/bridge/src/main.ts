import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidConfigError, loadConfig, loadDotEnv } from '@hoso/config';
import { buildInfo, startTracing } from '@hoso/observability';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { BridgeModule } from './bridge.module';
import { openApiDocument } from './http';
import { IntakeTransport } from './intake/intake.consumer';

async function bootstrap(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  // Before any span is made: OpenTelemetry, when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  startTracing(config.log.tracing, buildInfo().version);

  // Until pino takes over (and if start-up fails before it does), Nest's own logger writes JSON too.
  const app = await NestFactory.create<NestExpressApplication>(BridgeModule, {
    bufferLogs: true,
    logger: new ConsoleLogger({ json: true, colors: false }),
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // Kafka comes in as a Nest microservice: the intake transport, whose handlers are declared by pattern.
  app.connectMicroservice({ strategy: app.get(IntakeTransport) }, { inheritAppConfig: true });
  // process.exit (not a re-raised signal) lets pino flush its last lines.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: draining Kafka consumers, then closing the database`, 'Shutdown');
      // A drain that hangs must not keep the process alive forever.
      setTimeout(() => {
        logger.error(`shutdown took longer than ${config.http.shutdownTimeoutMs} ms; exiting`, 'Shutdown');
        process.exit(1);
      }, config.http.shutdownTimeoutMs).unref();
    });
  }

  SwaggerModule.setup('docs', app, () => openApiDocument(app));
  // The dashboard is built beside the bridge (dist/dashboard) and served at /.
  const dashboard = join(__dirname, '../../../dashboard');
  if (existsSync(join(dashboard, 'index.html')))
    app.useStaticAssets(dashboard, { setHeaders: lockDown(config.admin.oidc?.issuerUrl) });
  else logger.warn(`No dashboard at ${dashboard}: run "npm run build" to build it`, 'Bootstrap');
  await app.init();
  // Intake consumes in the background (the bridge serves health while Kafka is away); shutdown stops it
  // first, before the database closes.
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  logger.log(`hoso-bridge listening on http://${config.http.host}:${config.http.port}`, 'Bootstrap');
}

/**
 * The dashboard loads only its own files and talks only to this server (and the OpenID provider it signs in
 * with, when there is one); no page may frame it.
 */
function lockDown(issuerUrl: string | undefined) {
  const connect = issuerUrl ? `connect-src 'self' ${new URL(issuerUrl).origin}; ` : '';
  return (res: { setHeader: (name: string, value: string) => void }): void => {
    res.setHeader(
      'content-security-policy',
      `default-src 'self'; ${connect}img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'`,
    );
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  };
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) console.error(error.message);
  else new ConsoleLogger('Bootstrap', { json: true }).fatal(error instanceof Error ? error.stack : error);
  process.exit(1);
});

import { logConfig } from '@hoso/config';
import { Module } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';

/** JSON logs on stdout through pino, one line per event, health probes not logged. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [logConfig.KEY],
      useFactory: (log: ConfigType<typeof logConfig>) => ({
        pinoHttp: {
          level: log.level,
          timestamp: stdTimeFunctions.isoTime,
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
        },
      }),
    }),
  ],
})
export class LoggingModule {}

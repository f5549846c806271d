import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

export type PackageOutcome = 'ok' | 'refused' | 'not_found' | 'failed';

@Injectable()
export class ArchiveMetrics {
  readonly packages: Counter<'outcome'>;
  readonly binaryBytes: Counter;
  readonly seconds: Histogram;
  readonly receipts: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.packages = new Counter({
      name: 'hoso_sip_packages_total',
      help: 'Archive packages asked for, by outcome: ok, refused (a binary missing or not matching), not_found, failed.',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.binaryBytes = new Counter({
      name: 'hoso_sip_binary_bytes_total',
      help: 'Bytes of document binaries fetched, checked and sent in archive packages.',
      registers: [registry],
    });
    this.seconds = new Histogram({
      name: 'hoso_sip_package_seconds',
      help: 'From the request to the last byte of a package sent.',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers: [registry],
    });
    this.receipts = new Counter({
      name: 'hoso_archive_receipts_total',
      help: "The archive's answers to packages, by outcome: accepted, rejected, duplicate, unknown_package, dead_lettered (malformed or contradicting).",
      labelNames: ['outcome'],
      registers: [registry],
    });
  }
}

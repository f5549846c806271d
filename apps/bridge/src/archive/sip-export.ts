import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import {
  buildSip,
  expectedBinaries,
  fetchBinaries,
  type FetchedBinary,
  sipSchemaProblems,
  sipZipName,
  type SubmissionPackage,
  writeSipZip,
} from '@hoso/archive';
import { archiveConfig } from '@hoso/config';
import { drawnByBridge, type EFileAssembled, type Principal } from '@hoso/contracts';
import { OperationsRecords } from '@hoso/persistence';
import { Inject, Injectable, InternalServerErrorException, Logger } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { ProblemException, visibleTo } from '../http';
import { Slots } from './slots';

export interface SipRequest {
  revision?: number;
  metadataOnly: boolean;
  sequence: number;
  /** Package a file that still needs classification; the package then says so. */
  allowUnclassified: boolean;
}

/** A package ready to stream; its fetched binaries wait in a temporary folder until `dispose`. */
export interface PreparedSip {
  sip: SubmissionPackage;
  /** The dossier the file is of (the code asked for may be an earlier one), and its agency. */
  dossierCode: string;
  agencyCode: string | null;
  zipName: string;
  /** Binaries recorded by reference, not included. */
  referenced: number;
  /** Bytes of the binaries included. */
  binaryBytes: number;
  write(out: Writable): Promise<void>;
  dispose(): Promise<void>;
}

/** Builds an e-file revision's submission package for the archive (Circular 05/2025), binaries checked. */
@Injectable()
export class SipExport {
  /** Each package holds its binaries on the temporary disk until it is sent. */
  private readonly slots: Slots;
  private readonly logger = new Logger(SipExport.name);

  constructor(
    private readonly records: OperationsRecords,
    @Inject(archiveConfig.KEY) private readonly config: ConfigType<typeof archiveConfig>,
  ) {
    this.slots = new Slots(config.concurrentExports);
  }

  async prepare(fileCode: string, request: SipRequest, caller: Principal): Promise<PreparedSip> {
    const revision = await this.records.efileRevision(fileCode, request.revision);
    const found = visibleTo(
      caller,
      revision?.dossier?.agencyCode,
      revision,
      request.revision ? `No revision ${request.revision} of e-file ${fileCode}` : `No e-file ${fileCode}`,
    );
    const efile = JSON.parse(found.record.body) as EFileAssembled;
    if (efile.classified === false && !request.allowUnclassified) {
      throw new ProblemException(
        'file-unclassified',
        `${efile.fileCode} r${efile.revision} still needs classification (${efile.unknownFields.join(', ') || 'its heading has no retention'}); ` +
          'reclassify it, or export it with allowUnclassified and the package says so',
      );
    }
    if (efile.documents.length === 0) {
      throw new ProblemException(
        'package-refused',
        `${fileCode} r${efile.revision} holds no document, and a submission package needs at least one`,
        { binaries: [] },
      );
    }
    const release = await this.slots.take();
    const dir = await mkdtemp(join(tmpdir(), 'hoso-sip-')).catch((error: Error) => {
      release();
      throw error;
    });
    const dispose = () => rm(dir, { recursive: true, force: true }).finally(release);
    try {
      if (!request.metadataOnly) await enoughRoom(dir, efile);
      // A binary that is fetched matches its event, so the package can be written and its XML checked
      // against the schemas from the events alone, while the binaries are on their way.
      const binaries = request.metadataOnly
        ? new Map<string, FetchedBinary>()
        : expectedBinaries(efile.documents, dir);
      const sip = buildSip({
        efile,
        agencyName: found.agencyName,
        fondCode: this.config.fondCodes[efile.organId] ?? null,
        binaries,
        packageUuid: randomUUID(),
        createdAt: new Date(),
      });
      const [checked, fetched] = await Promise.allSettled([
        sipSchemaProblems(sip),
        request.metadataOnly ? Promise.resolve() : this.fetch(efile, dir),
      ]);
      if (fetched.status === 'rejected') throw fetched.reason;
      if (checked.status === 'rejected') throw checked.reason;
      if (checked.value.length > 0) {
        this.logger.error(
          { problems: checked.value },
          `the package of ${fileCode} r${efile.revision} is invalid`,
        );
        throw new InternalServerErrorException(
          `the package of ${fileCode} r${efile.revision} does not validate against its schemas`,
        );
      }
      return {
        sip,
        dossierCode: found.record.dossierCode,
        agencyCode: found.dossier?.agencyCode ?? null,
        zipName: sipZipName(sip, request.sequence),
        referenced: efile.documents.filter((d) => !drawnByBridge(d)).length - binaries.size,
        binaryBytes: [...binaries.values()].reduce((sum, binary) => sum + binary.size, 0),
        write: (out) => writeSipZip(sip, out),
        dispose,
      };
    } catch (error) {
      await dispose();
      throw error;
    }
  }

  private async fetch(efile: EFileAssembled, dir: string): Promise<void> {
    const { problems } = await fetchBinaries(efile.documents, dir, {
      timeoutMs: this.config.fetchTimeoutMs,
      maxBytes: this.config.maxBinaryBytes,
      policy: this.config.fetchPolicy,
      concurrency: this.config.fetchConcurrency,
    });
    if (problems.length > 0) {
      throw new ProblemException(
        'package-refused',
        `${problems.length} of ${efile.documents.length} binaries of ${efile.fileCode} r${efile.revision} ` +
          'cannot be packaged; metadata only records them by reference instead',
        { binaries: problems },
      );
    }
  }
}

/** Room the binaries need on the temporary disk beyond their own size. */
const SPARE_BYTES = 64 * 1024 * 1024;

/** Refuses a package whose binaries would not fit in the temporary folder (507), before fetching any. */
async function enoughRoom(dir: string, efile: EFileAssembled): Promise<void> {
  const needed = efile.documents.reduce((sum, d) => sum + d.file.sizeBytes, 0);
  const { bavail, bsize } = await statfs(dir);
  const free = bavail * bsize;
  if (free < needed + SPARE_BYTES) {
    const mb = (bytes: number) => Math.ceil(bytes / 1e6);
    throw new ProblemException(
      'insufficient-storage',
      `the binaries of ${efile.fileCode} need ${mb(needed)} MB in ${dirname(dir)}, where ${mb(free)} MB are free`,
    );
  }
}

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  describeProblem,
  INVENTORY_FILE,
  inventoryCsv,
  type InventoryLine,
  type PackageRecords,
  readPackageRecords,
  renderTransferPaperwork,
  type Signatory,
  verifySip,
} from '@hoso/archive';
import { type BinaryProblem, type Problem, SIP_HEADERS, type TransferFile } from '@hoso/contracts';
import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { BridgeCallError, EXIT, exitWith } from '../ops/bridge-client';
import { BridgeCommand, type JsonOption } from '../ops/bridge-command';

interface SipOptions extends JsonOption {
  out?: string;
  revision?: number;
  metadataOnly?: boolean;
  allowUnclassified?: boolean;
  agency?: string;
  year?: string;
  handedOverBy?: Signatory;
  receivedBy?: Signatory;
}

/** One package written, or why it was not. */
type Exported =
  | {
      fileCode: string;
      ok: true;
      file: string;
      revision: number;
      objid: string;
      sha256: string;
      referenced: number;
      /** Documents and pages of the package, its processing-control slip included. */
      documents: number;
      pages: number;
    }
  | {
      fileCode: string;
      ok: false;
      message: string;
      problems: BinaryProblem[];
    };

@SubCommand({
  name: 'sip',
  arguments: '[fileCode]',
  description:
    'an e-file as a Circular 05/2025 submission package (ZIP), or with --agency and --year every file of that year and the inventory (mục lục hồ sơ nộp lưu)',
})
export class ExportSipCommand extends BridgeCommand<SipOptions> {
  protected async work([fileCode]: string[], options: SipOptions): Promise<number> {
    const out = options.out;
    if (!out) throw new BridgeCallError('--out <dir> is required', EXIT.usage);
    const batch = options.agency !== undefined || options.year !== undefined;
    if (batch === Boolean(fileCode) || (batch && (!options.agency || !options.year)))
      throw new BridgeCallError('give a file code, or --agency and --year (not both)', EXIT.usage);
    if (batch && options.revision) throw new BridgeCallError('--revision is for one file code', EXIT.usage);
    await mkdir(out, { recursive: true });

    const files: TransferFile[] = batch
      ? await this.bridge.everyItem<TransferFile>(
          `/admin/transfers?agency=${encodeURIComponent(options.agency!)}&year=${encodeURIComponent(options.year!)}`,
        )
      : [];
    const results: Exported[] = [];
    const paperwork: string[] = [];
    if (!batch) {
      results.push(await this.exportOne(fileCode!, 1, options, out, false));
    } else {
      const bar = new SingleBar({
        format: 'packages {bar} {value}/{total} {fileCode}',
        stream: process.stderr,
      });
      if (!options.json) bar.start(files.length, 0, { fileCode: '' });
      for (const [i, file] of files.entries()) {
        results.push(await this.exportOne(file.fileCode, i + 1, options, out, true));
        bar.increment({ fileCode: file.fileCode });
      }
      bar.stop();
      // What the packages hold, read back: the inventory's sheet counts and the paperwork come from it.
      const records = new Map<string, PackageRecords>();
      for (const r of results) if (r.ok) records.set(r.file, await readPackageRecords(r.file));
      const lines = results.flatMap((r, i): InventoryLine[] =>
        r.ok
          ? [
              {
                ...files[i]!,
                docTotal: r.documents,
                sheets: Number(records.get(r.file)!.file.numberOfPaper) || null,
                pageTotal: r.pages,
                zipName: basename(r.file),
                objid: r.objid,
                zipSha256: r.sha256,
                referenced: r.referenced,
              },
            ]
          : [],
      );
      await writeFile(join(out, INVENTORY_FILE), inventoryCsv(lines));
      paperwork.push(...(await this.writePaperwork([...records.values()], options, out)));
    }

    const failed = results.filter((r) => !r.ok);
    const inventory = batch ? join(out, INVENTORY_FILE) : null;
    this.show(options, { out, inventory, paperwork, results }, () => {
      for (const r of results) {
        if (r.ok) {
          console.log(
            `${r.fileCode} r${r.revision}: ${r.file}` +
              (r.referenced > 0 ? ` (${r.referenced} binaries by reference only)` : ''),
          );
        } else {
          console.error(`${r.fileCode}: NOT EXPORTED: ${r.message}`);
          for (const p of r.problems) console.error(`  ${p.docCode} ${p.uri ?? '(no URI)'}: ${p.reason}`);
        }
      }
      if (batch) {
        console.log(
          `\n${results.length - failed.length} of ${files.length} e-files of ${options.agency} formed in ${options.year} exported; ` +
            `inventory ${join(out, INVENTORY_FILE)}`,
        );
        console.log(`transfer paperwork (Decree 30/2020 Appendix V): ${paperwork.join(', ')}`);
      }
    });
    return failed.length > 0 ? EXIT.failed : EXIT.ok;
  }

  /**
   * The file index, document index and handover record of the packages written, as PDF/A and XLSX, read
   * back from the packages so that they list what goes to the archive.
   */
  private async writePaperwork(packages: PackageRecords[], options: SipOptions, out: string) {
    const files = await renderTransferPaperwork({
      agencyName: packages.find((p) => p.agencyName)?.agencyName ?? options.agency!,
      year: options.year!,
      packages,
      handedOverBy: options.handedOverBy ?? null,
      receivedBy: options.receivedBy ?? null,
      at: new Date(),
    });
    for (const file of files) await writeFile(join(out, file.fileName), file.bytes);
    return files.map((file) => join(out, file.fileName));
  }

  private async exportOne(
    fileCode: string,
    sequence: number,
    options: SipOptions,
    out: string,
    batch: boolean,
  ): Promise<Exported> {
    const query = new URLSearchParams({
      sequence: String(sequence),
      metadataOnly: String(Boolean(options.metadataOnly)),
      allowUnclassified: String(Boolean(options.allowUnclassified)),
    });
    if (options.revision) query.set('revision', String(options.revision));
    try {
      const { file, headers } = await this.bridge.download(
        `/admin/efiles/${encodeURIComponent(fileCode)}/sip?${query.toString()}`,
        out,
      );
      return {
        fileCode,
        ok: true,
        file,
        revision: Number(headers.get(SIP_HEADERS.revision)),
        objid: headers.get(SIP_HEADERS.objid) ?? '',
        sha256: await sha256OfFile(file),
        referenced: Number(headers.get(SIP_HEADERS.referenced) ?? 0),
        documents: Number(headers.get(SIP_HEADERS.documents)),
        pages: Number(headers.get(SIP_HEADERS.pages)),
      };
    } catch (error) {
      const problem = error instanceof BridgeCallError ? (error.body as Partial<Problem> | null) : null;
      // A file that cannot be packaged (unclassified, binaries missing) is reported, and a batch goes on
      // (past a file gone since it was listed, too); an unreachable bridge or a refused token stops it.
      const goOn =
        problem?.status === 422 ||
        (batch && error instanceof BridgeCallError && error.exitCode === EXIT.usage);
      if (!goOn) throw error;
      return { fileCode, ok: false, message: (error as Error).message, problems: problem?.binaries ?? [] };
    }
  }

  @Option({ flags: '--out <dir>', description: 'where the ZIP files (and the inventory) are written' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--revision <n>', description: 'the revision to package (default: the latest)' })
  parseRevision(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error('--revision is a number from 1');
    return n;
  }

  @Option({
    flags: '--metadata-only',
    description: 'leave the binaries out; each is recorded by URI, size and SHA-256 (.fetch.txt)',
  })
  parseMetadataOnly(): boolean {
    return true;
  }

  @Option({
    flags: '--allow-unclassified',
    description: 'package files that still need classification too (the package says they are unclassified)',
  })
  parseAllowUnclassified(): boolean {
    return true;
  }

  @Option({ flags: '--agency <code>', description: 'every e-file of this agency … (with --year)' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({
    flags: '--year <yyyy>',
    description:
      '… formed in this year, with the inventory as CSV and the transfer paperwork as PDF/A and XLSX',
  })
  parseYear(value: string): string {
    if (!/^\d{4}$/.test(value)) throw new Error('--year is 4 digits');
    return value;
  }

  @Option({
    flags: '--handed-over-by <"name, position">',
    description: 'who hands the files over, for the handover record (else a line to fill in)',
  })
  parseHandedOverBy(value: string): Signatory {
    return signatoryOf(value, '--handed-over-by');
  }

  @Option({
    flags: '--received-by <"name, position">',
    description: "the archive's person who receives them, for the handover record",
  })
  parseReceivedBy(value: string): Signatory {
    return signatoryOf(value, '--received-by');
  }
}

/** "Trần Văn Bình, Văn thư" → the name and the position, split at the first comma. */
function signatoryOf(value: string, flag: string): Signatory {
  const at = value.indexOf(',');
  const [fullName, position] = at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
  if (!fullName.trim() || !position.trim()) throw new Error(`${flag} is "full name, position"`);
  return { fullName: fullName.trim(), position: position.trim() };
}

@SubCommand({
  name: 'verify',
  arguments: '<zip...>',
  description:
    "check packages as an archive's intake would: checksums and sizes, what the metadata means, PDF/A (veraPDF); each problem named by its check",
})
export class ExportVerifyCommand extends CommandRunner {
  run(zips: string[], options: { skipPdfa?: boolean }): Promise<void> {
    return exitWith(async () => {
      let bad = 0;
      for (const zip of zips) {
        const check = await verifySip(zip, { pdfa: !options.skipPdfa });
        if (check.problems.length === 0) console.log(`${zip}: OK, ${check.objid}, ${check.files} files`);
        else {
          bad += 1;
          console.log(`${zip}: ${check.problems.length} problem(s)`);
          for (const problem of check.problems) console.log(`  ${describeProblem(problem)}`);
        }
      }
      if (options.skipPdfa) console.log('PDF/A not checked (--skip-pdfa)');
      return bad > 0 ? EXIT.failed : EXIT.ok;
    });
  }

  @Option({ flags: '--skip-pdfa', description: 'do not check PDF/A (it needs Java for veraPDF)' })
  parseSkipPdfa(): boolean {
    return true;
  }
}

@Command({
  name: 'export',
  description: 'packages for the archive (Circular 05/2025 submission packages)',
  subCommands: [ExportSipCommand, ExportVerifyCommand],
})
export class ExportCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const EXPORT_COMMANDS = [ExportCommand, ExportSipCommand, ExportVerifyCommand];

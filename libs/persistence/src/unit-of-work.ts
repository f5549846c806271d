import { type EntityManager } from 'typeorm';
import { DeadlineRecords } from './correlation/deadline.records';
import { DocumentRecords } from './correlation/document.records';
import { DossierRecords } from './correlation/dossier.records';
import { EFileRecords } from './correlation/efile.records';
import { SuggestionRecords } from './correlation/suggestion.records';
import { EdxmlFileRecords } from './edxml/edxml-file.records';
import { InboxRecords } from './inbox/inbox.records';
import { IntakeRecords } from './intake/intake.records';
import { AuditRecords } from './operations/audit.records';
import { OutboxWriter } from './outbox/outbox.writer';
import { TransferRecords } from './transfer/transfer.records';

/** Everything one transaction may read and write, bound to that transaction: a repository per aggregate. */
export class UnitOfWork {
  readonly outbox: OutboxWriter;
  readonly intake: IntakeRecords;
  readonly inbox: InboxRecords;
  readonly dossiers: DossierRecords;
  readonly documents: DocumentRecords;
  readonly efiles: EFileRecords;
  readonly deadlines: DeadlineRecords;
  readonly suggestions: SuggestionRecords;
  readonly audit: AuditRecords;
  readonly edxmlFiles: EdxmlFileRecords;
  readonly transfers: TransferRecords;
  private filingLocked = false;

  constructor(readonly manager: EntityManager) {
    this.outbox = new OutboxWriter(manager);
    this.intake = new IntakeRecords(manager, this.outbox);
    this.inbox = new InboxRecords(manager);
    this.dossiers = new DossierRecords(manager);
    this.documents = new DocumentRecords(manager);
    this.efiles = new EFileRecords(manager);
    this.deadlines = new DeadlineRecords(manager);
    this.suggestions = new SuggestionRecords(manager);
    this.audit = new AuditRecords(manager);
    this.edxmlFiles = new EdxmlFileRecords(manager);
    this.transfers = new TransferRecords(manager);
  }

  /**
   * Takes the filing lock until commit (on MySQL; SQLite transactions take turns anyway). Filing work takes
   * it before its first read of correlation state, after the facts it brings are written: of two such
   * transactions the second reads all the first committed, so no file is decided from half the facts.
   */
  async takeFilingLock(): Promise<void> {
    if (this.manager.connection.options.type !== 'mysql' || this.filingLocked) return;
    await this.manager.query(
      "INSERT INTO filing_lock (name) VALUES ('filing') ON DUPLICATE KEY UPDATE name = name",
    );
    this.filingLocked = true;
  }
}

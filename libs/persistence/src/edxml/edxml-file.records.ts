import { type EntityManager } from 'typeorm';
import { insertRows } from '../insert-rows';
import { EdxmlFile } from './edxml-file.entity';

export type NewEdxmlFile = Omit<EdxmlFile, 'createdAt'>;

/** The files edXML messages carried, kept by their SHA-256: the same bytes are kept once. */
export class EdxmlFileRecords {
  constructor(private readonly manager: EntityManager) {}

  async keep(files: readonly NewEdxmlFile[]): Promise<void> {
    // One at a time: a file may be as large as a message (15 MiB), and a statement must fit the server's packet.
    for (const file of new Map(files.map((f) => [f.sha256, f])).values())
      await insertRows(this.manager, EdxmlFile, [file], 'ignore');
  }

  find(sha256: string): Promise<EdxmlFile | null> {
    return this.manager.findOneBy(EdxmlFile, { sha256 });
  }
}

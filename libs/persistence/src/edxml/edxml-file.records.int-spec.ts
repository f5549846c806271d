import { createHash, randomBytes } from 'node:crypto';
import { BOTH_DATABASES, useMigratedDatabase } from '@test/support';
import { EdxmlFile } from './edxml-file.entity';
import { type NewEdxmlFile } from './edxml-file.records';

function file(bytes: Buffer, agencyCode = '000.00.20.H17'): NewEdxmlFile {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { sha256, mediaType: 'application/pdf', sizeBytes: bytes.length, agencyCode, content: bytes };
}

describe.each(BOTH_DATABASES)('EdxmlFileRecords on %s', (_label, open) => {
  const db = useMigratedDatabase(() => open('edxml_files'));

  it('should keep a file once however often it comes, and give back its exact bytes', async () => {
    const pdf = file(
      Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000), Buffer.from([0, 0xff])]),
    );
    await db.transactions.run((uow) => uow.edxmlFiles.keep([pdf, pdf]));
    await db.transactions.run((uow) => uow.edxmlFiles.keep([pdf]));
    const kept = await db.transactions.run((uow) => uow.edxmlFiles.find(pdf.sha256));
    expect(kept).toMatchObject({
      mediaType: 'application/pdf',
      sizeBytes: pdf.sizeBytes,
      agencyCode: '000.00.20.H17',
    });
    expect(Buffer.compare(kept!.content, pdf.content)).toBe(0);
    expect(await db.dataSource.getRepository(EdxmlFile).count()).toBe(1);
  });

  it('should keep nothing when the transaction it was kept in rolls back', async () => {
    const pdf = file(randomBytes(1000));
    await expect(
      db.transactions.run(async (uow) => {
        await uow.edxmlFiles.keep([pdf]);
        throw new Error('the events could not be written');
      }),
    ).rejects.toThrow('the events could not be written');
    expect(await db.transactions.run((uow) => uow.edxmlFiles.find(pdf.sha256))).toBeNull();
  });
});

import { fromBuffer } from 'yauzl';

/** The text of the first entry of a ZIP whose path ends with `suffix`, or undefined. */
export function zipEntryText(zip: Buffer, suffix: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error) return reject(error);
      file.on('error', reject);
      file.on('end', () => resolve(undefined));
      file.on('entry', (entry: { fileName: string }) => {
        if (!entry.fileName.endsWith(suffix)) return file.readEntry();
        file.openReadStream(entry as Parameters<typeof file.openReadStream>[0], (failed, stream) => {
          if (failed) return reject(failed);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            file.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      file.readEntry();
    });
  });
}

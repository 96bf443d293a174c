import type { Request } from 'express';
import busboy from 'busboy';

export interface Upload {
  fields: Record<string, string>;
  file?: { filename: string; content: Buffer; truncated: boolean } | undefined;
}

/** The form is not multipart/form-data, or the upload broke off. */
export class UploadError extends Error {}

/**
 * Reads a multipart/form-data form (RFC 7578) with one file, keeping at most
 * `maxFileBytes` of it (`truncated` tells when there was more) and a few
 * short fields.
 */
export function readUpload(req: Request, maxFileBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxFileBytes, fields: 10, fieldSize: 1024, parts: 12 },
      });
    } catch {
      return reject(new UploadError('The form must be sent as multipart/form-data.'));
    }
    const upload: Upload = { fields: {} };
    parser.on('field', (name, value) => {
      upload.fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      const file = {
        filename: info.filename ?? 'upload',
        content: Buffer.alloc(0),
        truncated: false,
      };
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        file.truncated = true;
      });
      stream.on('end', () => {
        file.content = Buffer.concat(chunks);
        upload.file = file;
      });
    });
    parser.on('error', () => reject(new UploadError('The upload could not be read.')));
    parser.on('close', () => resolve(upload));
    req.pipe(parser);
  });
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Files the screen uploads to the browser host (a catalog CSV) wait here,
 * named by a random id: the API refers to an upload by that id only, never by
 * a path, and the file is deleted once used.
 */
export function uploadsDir(): string {
  const dir = path.join(os.tmpdir(), `balcao-uploads-${process.getuid?.() ?? 'u'}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function newUpload(): { id: string; file: string } {
  const id = randomUUID();
  return { id, file: path.join(uploadsDir(), `${id}.upload`) };
}

/** The file of an upload id, or null when the id is not one of ours. */
export function uploadFile(id: string): string | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
  const file = path.join(uploadsDir(), `${id}.upload`);
  return fs.existsSync(file) ? file : null;
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { privateDir } from './private-files';

/**
 * Files the screen uploads to the browser host (a catalog CSV) wait in `<dataDir>/uploads` (0700, inside the
 * 0700 data folder: no other OS user can create, read or swap them), named by a random id: the API refers to an
 * upload by that id only, never by a path, and the file is deleted once used. Files are created exclusively and
 * opened without following links (O_EXCL | O_NOFOLLOW); a folder that is a link, or not ours, is refused.
 */
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class UnsafeUploadsDir extends Error {}

export function uploadsDir(dataDir: string): string {
  const dir = path.join(dataDir, 'uploads');
  privateDir(dataDir);
  privateDir(dir);
  const st = fs.lstatSync(dir);
  const mine = process.getuid ? st.uid === process.getuid() : true;
  if (!st.isDirectory() || st.isSymbolicLink() || !mine || (process.platform !== 'win32' && (st.mode & 0o077) !== 0)) {
    throw new UnsafeUploadsDir(`pasta de envios insegura: ${dir}`);
  }
  return dir;
}

/** A new upload: its id and an fd of a file created here and now (0600), never an existing file or a link. */
export function newUpload(dataDir: string): { id: string; file: string; fd: number } {
  const id = randomUUID();
  const file = path.join(uploadsDir(dataDir), `${id}.upload`);
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NOFOLLOW, 0o600);
  return { id, file, fd };
}

/** The file of an upload id, or null when the id is not one of ours (or the file is anything but a plain file). */
export function uploadFile(dataDir: string, id: string): string | null {
  if (!ID.test(id)) return null;
  let dir: string;
  try {
    dir = uploadsDir(dataDir);
  } catch {
    return null;
  }
  const file = path.join(dir, `${id}.upload`);
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? file : null;
  } catch {
    return null;
  }
}

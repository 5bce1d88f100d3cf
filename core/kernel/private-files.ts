import fs from 'node:fs';

/**
 * Personal data at rest (CPFs, sales, the hub's sealed key, logs) is the
 * user's alone: on POSIX the data folder is 0700 and its files 0600
 * (Windows: the user profile's ACL already keeps other users out).
 */
const POSIX = process.platform !== 'win32';

/** Creates `dir` (and parents) when missing; the folder itself ends 0700. */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) tighten(dir, 0o700);
}

/** Creates `file` empty when missing (0600 from the first byte), and makes an existing one 0600. */
export function privateFile(file: string, create = true): void {
  if (create) fs.closeSync(fs.openSync(file, 'a', 0o600));
  if (POSIX && fs.existsSync(file)) tighten(file, 0o600);
}

/** Best effort on something we may not own (a folder set up by an administrator): never stops the till. */
function tighten(p: string, mode: number): void {
  try {
    fs.chmodSync(p, mode);
  } catch {
    /* not ours to change: left as the administrator set it */
  }
}

import type { Db } from '../db/db';

/**
 * What a till's pull of changes tells the server, in one UPDATE of its row:
 *   - it asked for changes after `after`, so it has applied everything up to it (Produtos: "Caixas com o catálogo
 *     atual"; the cursor never goes back);
 *   - its app version and backlog (`versao`, `pendentes`, inside the signed path) for Lojas > Caixas. Missing or
 *     malformed values (an older till) leave what was known.
 * A pull without a status (an older till) writes only when its cursor moved.
 */
export async function recordPull(db: Db, tillId: string, after: number, url: URL): Promise<void> {
  const version = url.searchParams.get('versao');
  const backlog = Number(url.searchParams.get('pendentes'));
  const reported = !!version && /^[\w.+-]{1,40}$/.test(version) && Number.isSafeInteger(backlog) && backlog >= 0 && backlog <= 2_000_000_000;
  if (!reported) {
    await db.query('UPDATE tills SET catalog_cursor = $2 WHERE id = $1 AND catalog_cursor < $2', [tillId, after]);
    return;
  }
  await db.query(
    `UPDATE tills SET catalog_cursor = GREATEST(catalog_cursor, $2), app_version = $3, backlog = $4, status_at = now() WHERE id = $1`,
    [tillId, after, version, backlog],
  );
}

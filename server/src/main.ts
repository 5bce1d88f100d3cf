/**
 * `npm run server` — Retaguarda Balcão. Without arguments: the HTTP server. With a command
 * (store:create, till:create, …): runs it on the same database and prints one JSON object.
 */
import { startServer } from './app';
import { runCommand, USAGE } from './cli';
import { loadServerConfig } from './config';
import { openDb } from './db/db';
import { migrate } from './db/migrate';
import { ServerError } from './errors';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--help' || argv[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadServerConfig();
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite em ${config.dataDir}`;
  if (argv.length === 0 || argv[0] === 'serve') {
    const server = await startServer(config);
    console.log(`Retaguarda Balcão em ${server.url} (${where})`);
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1; // keep running
  }
  const db = await openDb(config);
  try {
    await migrate(db);
    console.log(JSON.stringify(await runCommand(db, argv)));
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err) => {
    const message = err instanceof ServerError ? err.message : String((err as Error)?.message ?? err);
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);

/**
 * `npm run catalog:import -- <arquivo.csv>`: imports a catalog CSV into the
 * configured database (BALCAO_DATA_DIR), printing progress and a pt-BR report.
 * Exit code 1 when the file cannot be read (missing, unreadable, empty or
 * without the required columns) or the database cannot be opened; 0 otherwise
 * — bad rows are reported by line and the good ones imported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../core/app/config';
import { fileChunks, importCatalogStream } from '../core/catalog/stream-import';
import { openDatabase } from '../core/db/open';

const MAX_ERRORS_PRINTED = 50;
const nf = new Intl.NumberFormat('pt-BR');

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Progress line (overwritten on a terminal). */
  progress?: (line: string) => void;
}

export async function runCatalogImport(args: string[], env: NodeJS.ProcessEnv, io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const file = args.find((a) => !a.startsWith('-'));
  if (!file || args.includes('--help') || args.includes('-h')) {
    io.err('Uso: npm run catalog:import -- <arquivo.csv>');
    io.err('Colunas: codigo;ean;descricao;preco;unidade (separador ; ou ,; UTF-8 ou Latin-1; preço como 12,90).');
    return file ? 0 : 1;
  }
  let size: number;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) {
      io.err(`${file} é uma pasta, não um arquivo CSV.`);
      return 1;
    }
    fs.accessSync(file, fs.constants.R_OK);
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(code === 'ENOENT' ? `Arquivo não encontrado: ${file}` : `Não foi possível ler ${file}: ${(e as Error).message}`);
    return 1;
  }
  if (size === 0) {
    io.err('Arquivo não importado: Arquivo vazio.');
    return 1;
  }

  const config = loadConfig(env);
  const dbFile = path.join(config.dataDir, 'balcao.db');
  io.out(`Lendo ${path.basename(file)} (${formatBytes(size)}) em partes…`);
  let db;
  try {
    db = openDatabase(dbFile);
  } catch (e) {
    io.err(`Não foi possível abrir o banco de dados ${dbFile}: ${(e as Error).message}`);
    return 1;
  }
  try {
    let lastPct = -1;
    const progress = io.progress ?? io.out;
    let format = '';
    // Streamed: 1 MB chunks → parsed → 10k-row transactions → search index rebuilt once.
    const report = await importCatalogStream(db, () => fileChunks(file), {
      now,
      totalBytes: size,
      onProgress: (done, total) => {
        const pct = total === 0 ? 0 : Math.min(100, Math.floor((done / total) * 100));
        if (pct === lastPct || (io.progress === undefined && pct % 10 !== 0)) return;
        lastPct = pct;
        progress(`Importando… ${pct}% (${nf.format(done)} de ~${nf.format(total)} linhas)`);
      },
      onFormat: (f) =>
        (format = `${f.encoding === 'utf-8' ? 'UTF-8' : 'Latin-1/Windows-1252'}, separador "${f.delimiter === '\t' ? 'tab' : f.delimiter}"`),
    });
    if (report.inserted + report.updated === 0 && report.errorCount === 1 && report.errors[0]?.line === 1) {
      io.err(`Arquivo não importado: ${report.errors[0].message}`);
      return 1;
    }
    io.out('');
    io.out(`Importação concluída em ${(report.millis / 1000).toLocaleString('pt-BR', { maximumFractionDigits: 1 })} s → ${dbFile} (${format})`);
    io.out(`  linhas lidas:  ${nf.format(report.total)}`);
    io.out(`  inseridos:     ${nf.format(report.inserted)}`);
    io.out(`  atualizados:   ${nf.format(report.updated)}`);
    io.out(`  erros:         ${nf.format(report.errorCount)}`);
    for (const e of report.errors.slice(0, MAX_ERRORS_PRINTED)) io.out(`    linha ${e.line}: ${e.message}`);
    if (report.errorCount > MAX_ERRORS_PRINTED) io.out(`    … e mais ${nf.format(report.errorCount - MAX_ERRORS_PRINTED)}`);
    io.out(`  avisos:        ${nf.format(report.warningCount)}`);
    for (const e of report.warnings.slice(0, MAX_ERRORS_PRINTED)) io.out(`    linha ${e.line}: ${e.message}`);
    if (report.warningCount > MAX_ERRORS_PRINTED) io.out(`    … e mais ${nf.format(report.warningCount - MAX_ERRORS_PRINTED)}`);
    const stats = db.prepare('SELECT count(*) AS n FROM products').get() as { n: number };
    io.out(`Catálogo agora com ${nf.format(stats.n)} produtos.`);
    return 0;
  } catch (e) {
    io.err(`Falha ao gravar no banco de dados (os lotes já gravados ficam): ${(e as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${nf.format(Math.ceil(n / 1024))} KB`;
  return `${(n / 1024 / 1024).toLocaleString('pt-BR', { maximumFractionDigits: 1 })} MB`;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const tty = process.stdout.isTTY;
  const code = await runCatalogImport(process.argv.slice(2), process.env, {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    progress: tty ? (l) => process.stdout.write(`\r${l}   `) : undefined,
  });
  process.exitCode = code;
}

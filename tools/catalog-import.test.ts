import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../core/app/paths';
import { CatalogRepo } from '../core/catalog/repo';
import { openDatabase } from '../core/db/open';
import { runCatalogImport } from './catalog-import';

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-cli-'));
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
  return { dir, lines, io, env: { BALCAO_DATA_DIR: path.join(dir, 'data') } };
}

function withDb<T>(dataDir: string, fn: (repo: CatalogRepo) => T): T {
  const db = openDatabase(path.join(dataDir, 'balcao.db'));
  try {
    return fn(new CatalogRepo(db));
  } finally {
    db.close();
  }
}

describe('catalog:import CLI', () => {
  it('imports into BALCAO_DATA_DIR, reports inserted/updated/errors by line, exit 0', async () => {
    const { dir, lines, io, env } = setup();
    const file = path.join(dir, 'cat.csv');
    fs.writeFileSync(file, iconv.encode('codigo;ean;descricao;preco;unidade\n1;7891234567895;Feijão Carioca;8,49;PCT\n2;7891234567890;Ruim;1,00;UN\n3;;Açúcar;4,79;UN\n', 'win1252'));
    expect(await runCatalogImport([file], env, io)).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/inseridos:\s+2/);
    expect(text).toMatch(/atualizados:\s+0/);
    expect(text).toMatch(/erros:\s+1/);
    expect(text).toContain('linha 3: EAN inválido "7891234567890"');
    expect(text).toContain('Latin-1');
    expect(withDb(env.BALCAO_DATA_DIR, (r) => r.lookup('7891234567895')?.description)).toBe('Feijão Carioca');

    lines.length = 0;
    fs.writeFileSync(file, 'codigo;ean;descricao;preco\n1;7891234567895;Feijão Preto;9,99\n');
    expect(await runCatalogImport([file], env, io)).toBe(0);
    expect(lines.join('\n')).toMatch(/atualizados:\s+1/);
    expect(withDb(env.BALCAO_DATA_DIR, (r) => r.getByCode(1))).toMatchObject({ description: 'Feijão Preto', priceCents: 999 });
  });

  it('exit 1 for a missing file, an empty file, a file without the columns, or no argument', async () => {
    const { dir, lines, io, env } = setup();
    expect(await runCatalogImport([path.join(dir, 'nao-existe.csv')], env, io)).toBe(1);
    expect(lines.at(-1)).toMatch(/^ERR Arquivo não encontrado/);
    const empty = path.join(dir, 'vazio.csv');
    fs.writeFileSync(empty, '');
    expect(await runCatalogImport([empty], env, io)).toBe(1);
    expect(lines.at(-1)).toMatch(/Arquivo vazio/);
    const noCols = path.join(dir, 'sem.csv');
    fs.writeFileSync(noCols, 'a;b\n1;2\n');
    expect(await runCatalogImport([noCols], env, io)).toBe(1);
    expect(lines.at(-1)).toMatch(/Cabeçalho sem/);
    expect(await runCatalogImport([dir], env, io)).toBe(1);
    expect(await runCatalogImport([], env, io)).toBe(1);
    expect(lines.at(-2)).toMatch(/Uso: npm run catalog:import/);
  });

  it('works as `npm run catalog:import -- file.csv` (real process, exit codes)', () => {
    const { dir, env } = setup();
    const file = path.join(dir, 'cat.csv');
    fs.writeFileSync(file, 'codigo,ean,descricao,preco\n7,96385074,"Pão de Queijo, 1kg","21,90"\n8,123,Ruim,1\n');
    const ok = spawnSync('npm', ['run', '--silent', 'catalog:import', '--', file], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/inseridos:\s+1/);
    expect(ok.stdout).toContain('linha 3');
    expect(withDb(env.BALCAO_DATA_DIR, (r) => r.lookup('96385074'))).toMatchObject({ code: 7, description: 'Pão de Queijo, 1kg', priceCents: 2190 });
    const bad = spawnSync('npm', ['run', '--silent', 'catalog:import', '--', path.join(dir, 'nada.csv')], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Arquivo não encontrado');
  }, 30_000);
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/fixtures';
import { openDatabase } from '../open';
import { MIGRATIONS } from './index';

describe('migration 009 (security)', () => {
  it('redacts the personal data earlier versions stored in hub_operations and delivered outbox rows; pending rows keep theirs', () => {
    const file = path.join(tempDir(), 'balcao.db');
    const old = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 4));
    const body = { IdentificadorTransacao: 'G1', Nome: 'Maria Pereira', CPF: '12345678909', DataNascimento: '1980-05-17', Contato: { Email: 'maria@example.com', Celular: '11955554444' } };
    const at = '2026-01-01T00:00:00Z';
    old.prepare(`INSERT INTO hub_operations (guid, route, op_key, request_json, status, attempts, created_at, updated_at) VALUES ('G1', 'CadastrarCliente', NULL, ?, 'succeeded', 1, ?, ?)`).run(JSON.stringify(body), at, at);
    const ins = old.prepare(
      `INSERT INTO outbox (op_id, kind, channel, ordering_key, seq, sale_id, payload_json, status, attempts, next_attempt_ms, created_at, updated_at) VALUES (?, 'hub.CadastrarCliente', 'hub', 'k', ?, NULL, ?, ?, 0, 0, ?, ?)`,
    );
    ins.run('G1', 1, JSON.stringify({ route: 'CadastrarCliente', body }), 'done', at, at);
    ins.run('G2', 2, JSON.stringify({ route: 'CadastrarCliente', body: { ...body, IdentificadorTransacao: 'G2' } }), 'pending', at, at);
    old.close();

    const db = openDatabase(file);
    const op = JSON.parse((db.prepare(`SELECT request_json FROM hub_operations WHERE guid = 'G1'`).get() as { request_json: string }).request_json);
    expect(op).toMatchObject({ Nome: '[redigido]', DataNascimento: '[redigido]', Contato: '[redigido]', CPF: '12345678909' });
    const rows = db.prepare(`SELECT op_id, payload_json FROM outbox ORDER BY seq`).all() as { op_id: string; payload_json: string }[];
    expect(JSON.parse(rows[0].payload_json).body).toMatchObject({ Nome: '[redigido]', Contato: '[redigido]', CPF: '12345678909' });
    expect(JSON.parse(rows[1].payload_json).body.Nome).toBe('Maria Pereira');
    db.close();
  });
});

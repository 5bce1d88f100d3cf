import fs from 'node:fs';
import { LoyaltyCustomer, type LoyaltyCustomerInput } from '../../shared/api/loyalty';
import { isValidCpf, onlyDigits } from '../../shared/cpf';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';

interface Row {
  cpf: string;
  name: string;
  mobile: string;
  email: string;
  phone: string;
  birth_date: string | null;
  data_json: string;
  created_at: string;
  updated_at: string;
}

export interface StoredCustomer {
  customer: LoyaltyCustomer;
  createdAt: string;
  updatedAt: string;
}

/** A CPF typed by a person → 11 digits, or a pt-BR error before anything else happens. */
export function requireCpf(text: string): string {
  const d = onlyDigits(text);
  if (d.length !== 11) throw new AppError('customer.cpfLength', 'CPF incompleto: digite os 11 dígitos.');
  if (!isValidCpf(d)) throw new AppError('customer.cpfInvalid', 'CPF inválido: confira os dígitos verificadores.');
  return d;
}

/** Parses a registration with pt-BR messages (Nome required, dates ISO). */
export function parseCustomer(input: LoyaltyCustomerInput): LoyaltyCustomer {
  const cpf = requireCpf(input.cpf);
  const r = LoyaltyCustomer.safeParse({ ...input, cpf });
  if (!r.success) {
    const first = r.error.issues[0];
    const field = first.path.join('.');
    const message = field === 'birthDate' ? 'Data de nascimento inválida: use AAAA-MM-DD.' : `Campo ${field}: ${first.message}`;
    throw new AppError('customer.invalid', message);
  }
  const c = r.data;
  if (!c.name.trim()) throw new AppError('customer.nameRequired', 'Informe o Nome do cliente.');
  if (c.contact.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.contact.email.trim())) {
    throw new AppError('customer.email', 'E-mail inválido: confira o endereço (ex.: nome@dominio.com.br).');
  }
  const mobile = onlyDigits(c.contact.mobile);
  if (mobile && (mobile.length < 10 || mobile.length > 11)) throw new AppError('customer.mobile', 'Celular inválido: use DDD + número, ex.: (11) 98765-4321.');
  return { ...c, name: c.name.trim(), contact: { ...c.contact, mobile, email: c.contact.email.trim() } };
}

/** The local customer registry (table `customers`). */
export class CustomersRepo {
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.q = {
      get: db.prepare<[string], Row>(`SELECT * FROM customers WHERE cpf = ?`),
      upsert: db.prepare(
        `INSERT INTO customers (cpf, name, mobile, email, phone, birth_date, data_json, created_at, updated_at)
         VALUES (@cpf, @name, @mobile, @email, @phone, @birthDate, @data, @at, @at)
         ON CONFLICT (cpf) DO UPDATE SET name = excluded.name, mobile = excluded.mobile, email = excluded.email,
           phone = excluded.phone, birth_date = excluded.birth_date, data_json = excluded.data_json, updated_at = excluded.updated_at`,
      ),
      count: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM customers`),
    };
  }

  get(cpf: string): StoredCustomer | null {
    const r = this.q.get.get(onlyDigits(cpf));
    if (!r) return null;
    return { customer: LoyaltyCustomer.parse(JSON.parse(r.data_json)), createdAt: r.created_at, updatedAt: r.updated_at };
  }

  /** Saves (insert or update) in ONE transaction (joins the caller's when there is one). */
  save(input: LoyaltyCustomerInput): LoyaltyCustomer {
    const c = parseCustomer(input);
    const run = () =>
      this.q.upsert.run({
        cpf: c.cpf,
        name: c.name,
        mobile: c.contact.mobile,
        email: c.contact.email,
        phone: c.contact.phone,
        birthDate: c.birthDate,
        data: JSON.stringify(c),
        at: this.now().toISOString(),
      });
    if (this.db.inTransaction) run();
    else this.db.transaction(run).immediate();
    return c;
  }

  count(): number {
    return this.q.count.get()!.n;
  }
}

/** Sample data: the sandbox hub's seeded customers, loaded into an empty registry once (like the sample catalog). */
export function loadSampleCustomersIfEmpty(db: Db, repo: CustomersRepo, file: string, now: () => Date): number {
  const done = db.prepare(`SELECT value FROM settings WHERE key = 'customers.sampleLoaded'`).get();
  if (done || repo.count() > 0 || !fs.existsSync(file)) return 0;
  const list = JSON.parse(fs.readFileSync(file, 'utf8')) as LoyaltyCustomerInput[];
  db.transaction(() => {
    for (const c of list) repo.save(c);
    db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('customers.sampleLoaded', ?)`).run(now().toISOString());
  }).immediate();
  return list.length;
}

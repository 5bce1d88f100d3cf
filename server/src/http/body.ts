import type { z } from 'zod';
import { badRequest } from '../errors';

/** JSON body validated with zod → a pt-BR 400 naming the first problems. */
export function parseJsonBody<S extends z.ZodType>(body: Buffer, schema: S): z.infer<S> {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('Corpo da requisição não é JSON válido.');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw badRequest(`Dados inválidos: ${issues.map((i) => `${i.path || '(raiz)'}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** An integer query parameter within bounds (default when absent). */
export function intParam(url: URL, name: string, def: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`Parâmetro ${name} inválido: ${raw} (inteiro de ${min} a ${max}).`);
  return n;
}

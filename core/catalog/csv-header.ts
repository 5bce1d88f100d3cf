/** The catalog CSV's first line: which column is which (aliases people use), and the separator. */

export type Column = 'code' | 'description' | 'priceCents' | 'unit' | 'eans' | 'fractional';

/** Header names people actually use, compared without accents, case or spaces. */
export const HEADER_ALIASES: Record<Column, string[]> = {
  code: ['codigo', 'cod', 'code', 'codigo_interno', 'codigointerno', 'cod_interno', 'id', 'sku', 'plu', 'referencia', 'ref'],
  description: ['descricao', 'description', 'produto', 'nome', 'name', 'descricao_produto', 'nome_produto', 'desc'],
  priceCents: ['preco', 'price', 'valor', 'preco_venda', 'precovenda', 'valor_unitario', 'preco_unitario', 'valor_venda', 'pv'],
  unit: ['unidade', 'unit', 'un', 'und', 'unid', 'embalagem'],
  fractional: ['fracionado', 'fracionada', 'fracionavel', 'fracionario', 'fractional', 'fracao', 'pesavel', 'pesado', 'balanca'],
  eans: ['ean', 'eans', 'gtin', 'ean13', 'ean_13', 'codigo_barras', 'codigodebarras', 'codigo_de_barras', 'cod_barras', 'barcode', 'barras'],
};

/** The column order of our own export and of a file without a header. */
export const DEFAULT_ORDER: Record<Column, number> = { code: 0, eans: 1, description: 2, priceCents: 3, unit: 4, fractional: 5 };

export function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `;` unless the first line has more `,` than `;` (tabs when it has only tabs). */
export function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  const count = (ch: string) => first.split(ch).length - 1;
  const semi = count(';');
  const comma = count(',');
  const tab = count('\t');
  if (tab > semi && tab > comma) return '\t';
  return comma > semi ? ',' : ';';
}

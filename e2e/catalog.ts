import { withCheckDigit } from '../shared/ean';

/** A small catalog for e2e tests: 20 products with valid EAN-13s (the first is the 7891234567895). */
export interface FixtureProduct {
  code: number;
  ean: string;
  description: string;
  priceCents: number;
  unit: string;
}

const NAMES: [string, number, string][] = [
  ['Arroz Branco Tipo 1 5kg', 2790, 'PCT'],
  ['Feijão Carioca 1kg', 849, 'PCT'],
  ['Açúcar Refinado 1kg', 479, 'PCT'],
  ['Café Torrado e Moído 500g', 1890, 'PCT'],
  ['Óleo de Soja 900ml', 699, 'UN'],
  ['Leite Integral UHT 1L', 549, 'UN'],
  ['Macarrão Espaguete 500g', 429, 'PCT'],
  ['Farinha de Trigo 1kg', 519, 'PCT'],
  ['Sabão em Pó 1kg', 1390, 'CX'],
  ['Detergente Líquido 500ml', 239, 'UN'],
  ['Papel Higiênico Folha Dupla 12un', 2199, 'PCT'],
  ['Biscoito Cream Cracker 400g', 599, 'PCT'],
  ['Refrigerante Guaraná 2L', 899, 'UN'],
  ['Sal Refinado 1kg', 229, 'PCT'],
  ['Molho de Tomate Tradicional 340g', 319, 'UN'],
  ['Achocolatado em Pó 400g', 799, 'UN'],
  ['Manteiga com Sal 200g', 1249, 'UN'],
  ['Queijo Muçarela Fatiado 150g', 1099, 'PCT'],
  ['Água Mineral sem Gás 1,5L', 299, 'UN'],
  ['Creme Dental 90g', 459, 'UN'],
];

export const fixtureProducts: FixtureProduct[] = NAMES.map(([description, priceCents, unit], i) => ({
  code: 1001 + i,
  // 789123456789 → 7891234567895 for the first one, then 789123456790…
  ean: withCheckDigit(String(789123456789 + i)),
  description,
  priceCents,
  unit,
}));

/** The fixture catalog as the CSV a store would export (`;`, decimal comma). */
export function fixtureCatalogCsv(products: FixtureProduct[] = fixtureProducts): string {
  const rows = products.map((p) => [p.code, p.ean, p.description, (p.priceCents / 100).toFixed(2).replace('.', ','), p.unit].join(';'));
  return ['codigo;ean;descricao;preco;unidade', ...rows].join('\n') + '\n';
}

export function product(ean: string): FixtureProduct {
  const p = fixtureProducts.find((x) => x.ean === ean);
  if (!p) throw new Error(`produto de teste inexistente: ${ean}`);
  return p;
}

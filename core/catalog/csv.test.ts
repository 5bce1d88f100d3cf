import fs from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isValidEan } from '../../shared/ean';
import { parseMoney } from '../../shared/money';
import { sampleCatalogFile } from '../app/paths';
import { CatalogCsvStream, parseCatalogCsv, type CatalogRow, type RowError } from './csv';
import { decodeText } from './csv-fields';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('parseCatalogCsv', () => {
  it('reads the ; format with decimal comma and several EANs', () => {
    const p = parseCatalogCsv(
      utf8('codigo;ean;descricao;preco;unidade\n1;7891234567895|96385074;Arroz Tipo 1 5kg;29,90;pct\n2;;Pão Francês;1.234,56;\n'),
    );
    expect(p.errors).toEqual([]);
    expect(p.delimiter).toBe(';');
    expect(p.rows).toEqual([
      { line: 2, code: 1, description: 'Arroz Tipo 1 5kg', priceCents: 2990, unit: 'PCT', fractional: false, eans: ['7891234567895', '96385074'] },
      { line: 3, code: 2, description: 'Pão Francês', priceCents: 123456, unit: 'UN', fractional: false, eans: [] },
    ]);
  });

  it('reads the , format with quoted decimal-comma prices and quoted fields', () => {
    const csv = [
      'codigo,ean,descricao,preco,unidade',
      '10,7891234567895,"Biscoito ""Maria"", 200g","12,90",UN',
      '11,96385074,Sabão em Pó,7.50,CX',
    ].join('\r\n');
    const p = parseCatalogCsv(utf8(csv));
    expect(p.delimiter).toBe(',');
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => [r.code, r.description, r.priceCents, r.unit])).toEqual([
      [10, 'Biscoito "Maria", 200g', 1290, 'UN'],
      [11, 'Sabão em Pó', 750, 'CX'],
    ]);
  });

  it('stores descriptions in NFC (decomposed accents composed), squeezes spaces and keeps precomposed text as is', () => {
    const p = parseCatalogCsv(utf8('codigo;descricao;preco\n1;Cafe\u0301  Pila\u0303o;1,00\n2;Açúcar União;2,00\n3;Ω\u2126 Å\u212B;3,00\n'));
    expect(p.rows.map((r) => r.description)).toEqual(['Café Pilão', 'Açúcar União', 'ΩΩ ÅÅ']);
    expect(p.rows[0].description).toBe('Café Pilão'.normalize('NFC'));
  });

  it('keeps file line numbers when a quoted field spans lines', () => {
    const csv = 'codigo;ean;descricao;preco\n1;;"Linha\nquebrada";1,00\n2;;Bom;2,00\n3;;;3,00\n';
    const p = parseCatalogCsv(utf8(csv));
    expect(p.rows.map((r) => [r.line, r.description])).toEqual([
      [2, 'Linha quebrada'],
      [4, 'Bom'],
    ]);
    expect(p.errors).toEqual([{ line: 5, message: 'descrição vazia' }]);
  });

  it('decodes UTF-8 with a BOM (the header still matches)', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('codigo;ean;descricao;preco\n1;;Feijão Açúcar;5,00\n')]);
    const p = parseCatalogCsv(bytes);
    expect(p.encoding).toBe('utf-8');
    expect(p.errors).toEqual([]);
    expect(p.rows[0].description).toBe('Feijão Açúcar');
  });

  it('decodes Latin-1 (Windows-1252 bytes, as Excel saves) right', () => {
    const bytes = iconv.encode('código;ean;descrição;preço\n1;;Feijão Carioca;8,49\n2;;Açúcar Refinado;4,79\n3;;Sabão “Côco”;3,00\n', 'win1252');
    expect(bytes.includes(0xe3)).toBe(true); // ã as one byte: really not UTF-8
    const p = parseCatalogCsv(bytes);
    expect(p.encoding).toBe('windows-1252');
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => r.description)).toEqual(['Feijão Carioca', 'Açúcar Refinado', 'Sabão “Côco”']);
  });

  it('reports bad rows by line number and keeps the good ones', () => {
    const csv = [
      'codigo;ean;descricao;preco;unidade',
      '1;7891234567895;Bom 1;1,00;UN', // 2
      'abc;;Código ruim;1,00;UN', // 3
      '3;;;1,00;UN', // 4
      '4;;Preço ruim;doze;UN', // 5
      '5;7891234567894;EAN-13 dígito errado;1,00;UN', // 6
      '6;96385075;EAN-8 dígito errado;1,00;UN', // 7
      '7;789123;EAN curto;1,00;UN', // 8
      '', // 9 (blank: ignored)
      '8;96385074;Bom 2;-1,00;UN', // 10 negative price
      '9;96385074;Bom 3;2,50;UN', // 11
    ].join('\n');
    const p = parseCatalogCsv(utf8(csv));
    expect(p.rows.map((r) => [r.line, r.code])).toEqual([
      [2, 1],
      [11, 9],
    ]);
    expect(p.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 10]);
    expect(p.errors.find((e) => e.line === 6)!.message).toMatch(/7891234567894.*dígito verificador/);
    expect(p.errors.find((e) => e.line === 7)!.message).toMatch(/96385075.*dígito verificador/);
    expect(p.errors.find((e) => e.line === 8)!.message).toMatch(/8 ou 13 dígitos/);
    expect(p.errors.find((e) => e.line === 5)!.message).toMatch(/preço inválido "doze"/);
  });

  it('accepts valid EAN-13 and EAN-8 and rejects every wrong check digit', () => {
    for (const [ean, ok] of [
      ['7891234567895', true],
      ['96385074', true],
      ['7896005800010', true],
      ['7891234567890', false],
      ['96385070', false],
    ] as const) {
      const p = parseCatalogCsv(utf8(`codigo;ean;descricao;preco\n1;${ean};X;1,00\n`));
      expect(p.rows.length, ean).toBe(ok ? 1 : 0);
      expect(p.errors.length, ean).toBe(ok ? 0 : 1);
    }
  });

  it('agrees with shared isValidEan and parseMoney on many generated values', () => {
    const lines = ['codigo;ean;descricao;preco'];
    const expected: boolean[] = [];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 3000; i++) {
      const len = i % 3 === 0 ? 8 : 13;
      const ean = Array.from({ length: len }, () => String(next() % 10)).join('');
      const price = `${next() % 1000},${String(next() % 100).padStart(2, '0')}`;
      lines.push(`${i + 1};${ean};Produto ${i};${price}`);
      expected.push(isValidEan(ean));
    }
    const p = parseCatalogCsv(utf8(lines.join('\n')));
    const accepted = new Set(p.rows.map((r) => r.code));
    expect(expected.filter(Boolean).length).toBeGreaterThan(200);
    expected.forEach((ok, i) => expect(accepted.has(i + 1), lines[i + 1]).toBe(ok));
    for (const r of p.rows) expect(r.priceCents).toBe(parseMoney(lines[r.code].split(';')[3]));
    for (const [text, cents] of [['12.90', 1290], ['1.234,56', 123456], ['0,5', 50], ['7', 700], ['R$ 3,10', 310]] as const) {
      expect(parseCatalogCsv(utf8(`codigo;descricao;preco\n1;X;"${text}"\n`)).rows[0]?.priceCents, text).toBe(cents);
    }
  });

  it('understands header aliases in any order, with accents and case', () => {
    const csv = 'Preço Venda;DESCRIÇÃO;Unid.;Código de Barras;Código Interno\n4,79;Açúcar;cx;96385074;77\n';
    const p = parseCatalogCsv(utf8(csv));
    expect(p.errors).toEqual([]);
    expect(p.rows).toEqual([{ line: 2, code: 77, description: 'Açúcar', priceCents: 479, unit: 'CX', fractional: false, eans: ['96385074'] }]);
  });

  it('names the missing columns of a bad header', () => {
    const p = parseCatalogCsv(utf8('nome;valor\nX;1,00\n'));
    expect(p.rows).toEqual([]);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0].line).toBe(1);
    expect(p.errors[0].message).toContain('codigo');
  });

  it('reads a file without header in the codigo;ean;descricao;preco;unidade order', () => {
    const p = parseCatalogCsv(utf8('1;7891234567895;Arroz;29,90;UN\n2;;Feijão;8,49;UN\n'));
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => [r.line, r.code, r.description])).toEqual([
      [1, 1, 'Arroz'],
      [2, 2, 'Feijão'],
    ]);
  });

  it('reports an empty file, and a header-only file has nothing to import', () => {
    expect(parseCatalogCsv(new Uint8Array()).errors).toEqual([{ line: 1, message: 'Arquivo vazio.' }]);
    expect(parseCatalogCsv(utf8(' \n\n')).errors).toEqual([{ line: 1, message: 'Arquivo vazio.' }]);
    const headerOnly = parseCatalogCsv(utf8('codigo;ean;descricao;preco;unidade\n'));
    expect(headerOnly).toMatchObject({ rows: [], errors: [] });
  });

  it('keeps the first row of a repeated code or EAN and reports the others', () => {
    const csv = 'codigo;ean;descricao;preco\n1;96385074;A;1,00\n2;7891234567895;B;1,00\n1;;A de novo;1,00\n3;96385074;C;1,00\n';
    const p = parseCatalogCsv(utf8(csv));
    expect(p.rows.map((r) => r.code)).toEqual([1, 2]);
    expect(p.errors).toEqual([
      { line: 4, message: 'código 1 repetido (já na linha 2); linha ignorada' },
      { line: 5, message: 'EAN 96385074 repetido (já na linha 2); linha ignorada' },
    ]);
  });

  it('finds repeated codes and EANs in any order (sorted runs, shuffled, both), first line wins', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const ean13 = (n: number) => {
      const body = String(7890000000000 + n * 10).slice(0, 12);
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
      return body + ((10 - (sum % 10)) % 10);
    };
    // 3000 ascending codes, then 3000 shuffled ones, with ~10% of the rows repeating an earlier code or EAN.
    const picks: { code: number; ean: string }[] = [];
    for (let i = 1; i <= 6000; i++) {
      const code = i <= 3000 ? i * 2 : 6000 + rand(100000);
      picks.push(rand(10) === 0 && picks.length ? picks[rand(picks.length)] : { code, ean: ean13(rand(1e9)) });
    }
    const lines = picks.map((p, i) => `${p.code + (i % 7 === 0 && i > 3000 ? 1 : 0)};${p.ean};Produto ${i};1,00`);
    const p = parseCatalogCsv(utf8(['codigo;ean;descricao;preco', ...lines].join('\n')));
    const codes = new Map<number, number>();
    const eans = new Map<string, number>();
    const expected: RowError[] = [];
    lines.forEach((l, i) => {
      const [c, e] = l.split(';');
      const line = i + 2;
      if (codes.has(Number(c))) expected.push({ line, message: `código ${c} repetido (já na linha ${codes.get(Number(c))}); linha ignorada` });
      else if (eans.has(e)) expected.push({ line, message: `EAN ${e} repetido (já na linha ${eans.get(e)}); linha ignorada` });
      else {
        codes.set(Number(c), line);
        eans.set(e, line);
      }
    });
    expect(expected.length).toBeGreaterThan(300);
    expect(p.errors).toEqual(expected);
    expect(p.rows.length).toBe(lines.length - expected.length);
  });

  it('several EANs in a row: one listed twice counts once, one seen on an earlier row refuses the row', () => {
    const csv = [
      'codigo;ean;descricao;preco',
      '1;7891234567895|7891234567895;A;1,00', // 2
      '2;96385074 7896005800010;B;1,00', // 3
      '3;7894900011517|7896005800010;C;1,00', // 4: second EAN already on line 3
      '4;00000000;D;1,00', // 5: EAN-8 "00000000" and EAN-13 "0000000000000" are different codes
      '5;0000000000000;E;1,00', // 6
      '6;7894900011517;F;1,00', // 7: line 4 was refused, so its first EAN is free
    ].join('\n');
    const p = parseCatalogCsv(utf8(csv));
    expect(p.rows.map((r) => [r.code, r.eans])).toEqual([
      [1, ['7891234567895']],
      [2, ['96385074', '7896005800010']],
      [4, ['00000000']],
      [5, ['0000000000000']],
      [6, ['7894900011517']],
    ]);
    expect(p.errors).toEqual([{ line: 4, message: 'EAN 7896005800010 repetido (já na linha 3); linha ignorada' }]);
  });

  it('decodeText falls back to Windows-1252 only for invalid UTF-8', () => {
    expect(decodeText(utf8('ção'))).toEqual({ text: 'ção', encoding: 'utf-8' });
    expect(decodeText(Uint8Array.from([0x63, 0xe7, 0xe3, 0x6f]))).toEqual({ text: 'cção', encoding: 'windows-1252' });
  });
});

describe('CatalogCsvStream', () => {
  /** The first piece holds the header line (separator and line break are read from it), then `size` characters a piece. */
  const feed = (text: string, size: number) => {
    const stream = new CatalogCsvStream('utf-8');
    const rows: CatalogRow[] = [];
    const errors: RowError[] = [];
    const first = text.search(/[\r\n]/) + 2;
    stream.push(text.slice(0, first), first >= text.length, rows, errors);
    for (let i = first; i < text.length; i += size) stream.push(text.slice(i, i + size), i + size >= text.length, rows, errors);
    return { rows, errors, delimiter: stream.delimiter };
  };
  const body = [
    'codigo;ean;descricao;preco;unidade',
    '1;7891234567895;Arroz  Tipo\t1 ;29,90;pct',
    '',
    '2;;Feijão;8,49',
    ';;;;',
    '3;96385074;Açúcar;4,79;UN;extra;campos',
    'x;;Código ruim;1,00;UN',
    '4;;  ;1,00;UN',
    '5;;Café;abc;UN',
    '   ',
    '6;7894900011517 7896005800010;Sabão;7,50;cx',
  ];

  it('reads text without quotes the same whatever the chunk boundaries (LF, CRLF, CR; ; , and tab)', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      for (const sep of [';', ',', '\t']) {
        const lines = body.map((l) => l.replace(/;/g, sep === ',' ? '|' : sep).replace(/\|/g, sep === ',' ? ',' : '|'));
        // The last row has a quote: fed whole, the text goes through papaparse's quoted parser (the reference);
        // fed in pieces, the pieces without a quote take the unquoted path.
        const text = [...lines, `7${sep}${sep}"Pão ${sep} de forma"${sep}9${sep === ',' ? '.' : ','}90`].join(nl);
        const whole = feed(text, text.length);
        expect(whole.rows.map((r) => r.code)).toEqual([1, 2, 3, 6, 7]);
        expect(whole.errors.map((e) => e.line)).toEqual([5, 7, 8, 9]);
        for (let size = 1; size <= 40; size++) expect(feed(text, size)).toEqual(whole);
        // Without the quoted row (all unquoted), with and without a final line break.
        const plain = lines.join(nl);
        for (const t of [plain, plain + nl]) {
          const ref = feed(`${t}${nl}8${sep}${sep}"ref"${sep}1`, t.length + 20);
          expect(ref.rows.pop()?.code).toBe(8);
          for (let size = 1; size <= 40; size += 3) expect(feed(t, size)).toEqual(ref);
        }
      }
    }
  });
});

describe('the shipped sample catalog', () => {
  const p = parseCatalogCsv(fs.readFileSync(sampleCatalogFile));

  it('has ≥ 2,000 products, no bad row, valid EAN-13 (789/790) and EAN-8', () => {
    expect(p.errors).toEqual([]);
    expect(p.encoding).toBe('utf-8');
    expect(p.rows.length).toBeGreaterThanOrEqual(2000);
    const eans = p.rows.flatMap((r) => r.eans);
    expect(eans.every(isValidEan)).toBe(true);
    expect(eans.filter((e) => e.length === 13).every((e) => e.startsWith('789') || e.startsWith('790'))).toBe(true);
    expect(eans.some((e) => e.length === 8)).toBe(true);
    expect(p.rows.filter((r) => r.eans.length === 2).length).toBeGreaterThan(10);
    expect(new Set(eans).size).toBe(eans.length);
  });

  it('has pt-BR names with accents, countable units and shelf prices', () => {
    const names = p.rows.map((r) => r.description).join('\n');
    for (const word of ['Feijão', 'Açúcar', 'Café', 'Sabão', 'Pão', 'Ração']) expect(names).toContain(word);
    expect(new Set(p.rows.map((r) => r.unit))).toEqual(new Set(['UN', 'PCT', 'CX', 'KG']));
    expect(p.rows.every((r) => r.priceCents > 0 && (r.priceCents % 10 === 9 || r.priceCents % 100 === 90))).toBe(true);
  });
});

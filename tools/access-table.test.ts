import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessTable, readmeWithTable } from './access-table';

describe('README "who may call what"', () => {
  it('is the table the contract declares (regenerate: npx tsx tools/access-table.ts --write)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readmeWithTable(readme)).toBe(readme);
    expect(accessTable()).toMatch(/\| `users\.` [^|]*`create`[^|]* \| Gerente \(a própria sessão\) \|/);
  });
});

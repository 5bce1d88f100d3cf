import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/api';
import { projectRoot } from './paths';

/**
 * One capability, one place: a method's namespace (`salesQuery` in 'salesQuery.search') names its contract file
 * `shared/api/<ns>.ts` and the ONE core folder `core/<ns>/` whose `handlers.ts` serves it (camelCase → kebab-case:
 * salesQuery → sales-query). A method declared or served anywhere else fails here, with where it is.
 */
const folderOf = (method: string) => method.split('.')[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const read = (rel: string) => (fs.existsSync(path.join(projectRoot, rel)) ? fs.readFileSync(path.join(projectRoot, rel), 'utf8') : '');
const declares = (text: string, method: string) => text.includes(`'${method}': method(`) || new RegExp(`'${method.replace(/\./g, '\\.')}':\\s*method\\(`).test(text);
const serves = (text: string, method: string) => new RegExp(`^\\s+'${method.replace(/\./g, '\\.')}':\\s*(async\\s*)?\\(`, 'm').test(text);

const contracts = fs.readdirSync(path.join(projectRoot, 'shared/api')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const handlerFiles = fs
  .readdirSync(path.join(projectRoot, 'core'))
  .map((d) => `core/${d}/handlers.ts`)
  .filter((f) => fs.existsSync(path.join(projectRoot, f)));

describe('method namespace = folder', () => {
  it('every method is declared in shared/api/<ns>.ts and nowhere else', () => {
    const wrong: string[] = [];
    for (const method of Object.keys(api)) {
      const where = contracts.filter((f) => declares(read(`shared/api/${f}`), method));
      if (where.join() !== `${folderOf(method)}.ts`) wrong.push(`${method}: declared in ${where.join(', ') || 'nothing'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every method is served by core/<ns>/handlers.ts and by no other handlers.ts', () => {
    const wrong: string[] = [];
    for (const method of Object.keys(api)) {
      const where = handlerFiles.filter((f) => serves(read(f), method));
      if (where.join() !== `core/${folderOf(method)}/handlers.ts`) wrong.push(`${method}: served by ${where.join(', ') || 'nothing'}`);
    }
    expect(wrong).toEqual([]);
  });
});

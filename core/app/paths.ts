import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder (where resources/ lives): the nearest folder up with package.json (works from core/app and from a bundle in dist-*). */
function findRoot(start: string): string {
  for (let dir = start, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return path.resolve(start, '..', '..');
}

export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const resourcesDir = path.join(projectRoot, 'resources');
export const sampleCatalogFile = path.join(resourcesDir, 'catalog-sample.csv');
export const sampleCustomersFile = path.join(resourcesDir, 'customers-sample.json');

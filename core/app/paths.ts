import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder (where resources/ lives), from this file's place. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resourcesDir = path.join(projectRoot, 'resources');
export const sampleCatalogFile = path.join(resourcesDir, 'catalog-sample.csv');
export const sampleCustomersFile = path.join(resourcesDir, 'customers-sample.json');

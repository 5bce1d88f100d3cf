import type { AxiosStatic } from 'axios';
import { createRequire } from 'node:module';

let axios: AxiosStatic | null = null;

/**
 * axios, loaded at its first use instead of at start: the hub's calls go
 * through the partner-HTTP thread (plain node:http), so in the app only the
 * payment API's first call needs it (~3 MB of heap and ~0.1 s of start
 * otherwise spent on every till, PIX or not).
 */
export function loadAxios(): AxiosStatic {
  axios ??= createRequire(import.meta.url)('axios') as AxiosStatic;
  return axios;
}

/** An axios error, by its own flag (no class from a module that may not be loaded yet). */
export function isAxiosError(err: unknown): err is import('axios').AxiosError {
  return typeof err === 'object' && err !== null && (err as { isAxiosError?: unknown }).isAxiosError === true;
}

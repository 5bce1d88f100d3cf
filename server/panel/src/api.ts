/** The panel's calls: same-origin fetch with the session cookie; every change carries the CSRF token. */
let csrf = '';
let onUnauthorized: () => void = () => {};

export function setCsrf(token: string): void {
  csrf = token;
}
export function setOnUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function handle<T>(res: Response, path: string): Promise<T> {
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, body?.error?.code ?? 'erro', body?.error?.message ?? `Erro ${res.status}`);
    if (res.status === 401 && !path.startsWith('/v1/panel/login') && !path.startsWith('/v1/panel/totp')) onUnauthorized();
    throw err;
  }
  return body as T;
}

export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function get<T>(path: string, params: Record<string, string | number | null | undefined> = {}): Promise<T> {
  return handle<T>(await fetch(path + query(params), { credentials: 'same-origin' }), path);
}

export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify(body),
  });
  return handle<T>(res, path);
}

/**
 * A file as the request body with upload progress (fetch has none): `onProgress(sent, total)` while the
 * browser sends it; resolves with the JSON answer (errors as ApiError, like the other calls).
 */
export function uploadWithProgress<T>(path: string, file: File, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'rede', 'Sem conexão com a retaguarda: o arquivo não foi enviado.'));
    xhr.onload = () => {
      handle<T>(new Response(xhr.responseText, { status: xhr.status }), path).then(resolve, reject);
    };
    xhr.send(file);
  });
}

/** An error meant for the caller: HTTP status, a stable code and a pt-BR message. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new ServerError(400, 'entrada_invalida', message, details);
export const notFound = (message: string) => new ServerError(404, 'nao_encontrado', message);
export const unauthorized = (code: string, message: string) => new ServerError(401, code, message);
export const forbidden = (message: string) => new ServerError(403, 'sem_permissao', message);

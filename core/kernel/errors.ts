import type { ApiError } from '../../shared/api';

/**
 * A failure a person should read (pt-BR `message`) with a stable `code` for
 * code and tests. Services throw it; the dispatcher turns it into a value.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

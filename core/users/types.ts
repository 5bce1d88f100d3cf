import type { Role } from '../../shared/api/users';

/** What the users capability's modules share (types only: no module imports another's for them). */
export interface Row {
  id: number;
  name: string;
  role: Role;
  active: number;
  pin_hash: string | null;
  pin_salt: string | null;
  failed_attempts: number;
  locked_until_ms: number | null;
  pin_short: number | null;
}

export type { Actor, Authorization } from '../kernel/handlers';


import type { Role } from '../../shared/api/users';
import { AppError } from '../kernel/errors';

/** A Gerente's PIN approves discounts, cancellations and settings: 6 to 8 digits (an Operador's: 4 to 8). */
export const MANAGER_PIN_RULE = /^\d{6,8}$/;

export function pinFits(role: Role, pin: string): boolean {
  return role === 'gerente' ? MANAGER_PIN_RULE.test(pin) : /^\d{4,8}$/.test(pin);
}

/** Refuses a PIN too short for the role, with the rule in the message. */
export function requirePinFor(role: Role, pin: string): void {
  if (!pinFits(role, pin)) {
    throw role === 'gerente'
      ? new AppError('users.managerPinShort', 'O PIN de um gerente tem de 6 a 8 dígitos (só números).')
      : new AppError('users.pinRule', 'O PIN deve ter de 4 a 8 dígitos (só números).');
  }
}

/** Kept with the hash (never the PIN or its length): a Gerente whose PIN is short must change it at login. */
export function isShort(pin: string): number {
  return pin.length < 6 ? 1 : 0;
}

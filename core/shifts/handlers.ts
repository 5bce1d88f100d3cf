import type { HandlerGroup } from '../kernel/handlers';
import type { ShiftService } from './service';

/** shifts.*: "Caixa" (abertura, sangria/suprimento, fechamento). `afterShiftClose`: a closed shift ends the session (the next shift starts at the login, as whoever opens it). */
export function shiftsHandlers(shifts: ShiftService, afterShiftClose?: () => void): HandlerGroup {
  return {
    'shifts.current': () => shifts.current(),
    'shifts.open': ({ floatCents }) => shifts.open(floatCents),
    'shifts.movement': ({ kind, amountCents, reason }) => shifts.movement(kind, amountCents, reason),
    'shifts.closingInfo': () => shifts.closingInfo(),
    'shifts.close': ({ counted, managerPin }) => {
      const shift = shifts.close(counted, managerPin);
      afterShiftClose?.();
      return shift;
    },
    'shifts.get': ({ id }) => shifts.get(id),
    'shifts.setTolerance': ({ toleranceCents }) => shifts.setTolerance(toleranceCents),
  };
}

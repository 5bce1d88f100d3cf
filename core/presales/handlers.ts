import type { HandlerGroup } from '../kernel/handlers';
import type { PreSalesService } from './service';

/** presales.*: "Pré-venda" (F9 saves the open sale, "Recuperar pré-venda" brings one back). */
export function presalesHandlers(presales: PreSalesService): HandlerGroup {
  return {
    'presales.save': () => presales.save(),
    'presales.list': () => presales.list(),
    'presales.recover': ({ number }) => presales.recover(number),
  };
}

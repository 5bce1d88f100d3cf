import type { HandlerGroup } from '../kernel/handlers';
import type { RetaguardaSettings } from './settings';

/** retaguarda.*: Configurações > "Retaguarda" (pair this till with the store server). */
export function retaguardaHandlers(settings: RetaguardaSettings): HandlerGroup {
  return {
    'retaguarda.get': () => settings.view(),
    'retaguarda.connect': (input) => settings.connect(input),
    'retaguarda.ownership': () => ({ paired: settings.paired(), storeName: settings.view().storeName }),
  };
}

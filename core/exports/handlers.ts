import type { HandlerGroup } from '../kernel/handlers';
import type { ExportService } from './service';

/** exports.*: "Exportar" (CSV/XLSX of Minhas vendas and the Relatório do dia). */
export function exportsHandlers(exports: ExportService): HandlerGroup {
  return {
    'exports.start': ({ target, format }) => exports.start(target, format),
  };
}

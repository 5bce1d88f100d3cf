import type { HandlerGroup } from '../kernel/handlers';
import type { AuditRepo } from './repo';

/** audit.*: "Auditoria" (Gerente). */
export function auditHandlers(audit: AuditRepo): HandlerGroup {
  return {
    'audit.list': (f) => audit.list(f),
  };
}

/**
 * The partners' stand-ins and generators a core test starts, in one place: tests under core/ import them from
 * here (test support), never from sandboxes/ or tools/ directly (the dependency rules: core imports neither).
 */
export { startHubSandbox, type HubSandbox } from '../sandboxes/hub/server';
export type { Fault } from '../sandboxes/hub/faults';
export { startPaymentSandbox, type PaymentSandbox } from '../sandboxes/payments/server';
export { startVirtualPrinter, type VirtualPrinter } from '../sandboxes/printer/server';
export { catalogCsv, generateCatalog, prng } from '../tools/generate-sample-catalog';

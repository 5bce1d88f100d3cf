/** IPC channel names shared by main and preload (nothing else crosses). */
export const INVOKE_CHANNEL = 'balcao:invoke';
export const EVENT_CHANNEL = 'balcao:event';

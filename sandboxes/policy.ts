/**
 * When the embedded sandboxes (stand-ins for the hub, payment API and
 * printer, with consoles that show PINs and requests) may start: always in
 * development (`npm start`, `npm run serve`, tests); in a packaged (installed)
 * build only when explicitly asked with BALCAO_SANDBOXES=1.
 */
export function shouldStartSandboxes(opts: { packaged: boolean; env: NodeJS.ProcessEnv }): boolean {
  return !opts.packaged || opts.env.BALCAO_SANDBOXES === '1';
}

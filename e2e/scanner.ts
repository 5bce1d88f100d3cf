import type { Page } from '@playwright/test';

/**
 * A barcode scanner as the browser sees it: real (trusted) key events sent
 * through CDP without waiting for each one, so a whole code lands in a few ms,
 * Enter included — faster than `keyboard.type`, whose per-key round trip caps
 * it at ~5 codes/s. Codes start every `intervalMs` (50 ms = 20 scans/s); with
 * `charDelayMs` each key leaves `charDelayMs` after the previous one.
 */
export async function scannerBurst(page: Page, codes: string[], intervalMs = 50, charDelayMs = 0): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const sent: Promise<unknown>[] = [];
  const key = (text: string) => {
    const isEnter = text === '\n';
    const base = isEnter
      ? { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', unmodifiedText: '\r' }
      : { key: text, code: `Digit${text}`, windowsVirtualKeyCode: text.charCodeAt(0), text, unmodifiedText: text };
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...base }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: base.key, code: base.code, windowsVirtualKeyCode: base.windowsVirtualKeyCode }));
  };
  const t0 = Date.now();
  for (let i = 0; i < codes.length; i++) {
    const wait = t0 + i * intervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (const ch of codes[i] + '\n') {
      // charDelayMs > 0: a slower scanner, one key every charDelayMs (still without waiting for each one).
      if (charDelayMs > 0) await new Promise((r) => setTimeout(r, charDelayMs));
      key(ch);
    }
  }
  await Promise.all(sent);
  const elapsed = Date.now() - t0;
  await cdp.detach();
  return elapsed;
}

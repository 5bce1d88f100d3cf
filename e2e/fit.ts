import { expect, type Page } from '@playwright/test';

/**
 * "Every screen and dialog fits 1024×768 without scrolling": nothing of the page
 * or of an open dialog is below the fold or past the right edge, nothing scrolls
 * and no box cuts its content (a table cell showing "R$ 21,9"). Only regions
 * marked `data-scroll` (a list, a sale's detail) may scroll, vertically.
 */
export async function expectFits(page: Page, where: string): Promise<void> {
  // The page's DOM (this project's e2e typecheck has no DOM lib).
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const problems = await page.evaluate(() => {
    const g = globalThis as any;
    const { document, getComputedStyle, HTMLInputElement, HTMLSelectElement, HTMLTextAreaElement, HTMLElement, SVGElement } = g;
    const window = g;
    const out: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const name = (el: any): string => {
      const label = el.getAttribute('aria-label') ?? el.querySelector('h1,h2')?.textContent ?? '';
      return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}${label ? ` "${label}"` : ''}`;
    };
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollHeight > vh + 1) out.push(`a página rola na vertical (${doc.scrollHeight}px > ${vh}px)`);
    if (doc.scrollWidth > vw + 1) out.push(`a página rola na horizontal (${doc.scrollWidth}px > ${vw}px)`);
    const roots: any[] = [...document.querySelectorAll('dialog[open]')];
    for (const d of roots) {
      const b = d.getBoundingClientRect();
      if (b.top < -1 || b.left < -1 || b.bottom > vh + 1 || b.right > vw + 1) out.push(`${name(d)} passa da tela (${Math.round(b.width)}×${Math.round(b.height)} em ${Math.round(b.left)},${Math.round(b.top)})`);
    }
    const scope = roots.length ? roots : [document.body];
    for (const root of scope) {
      for (const el of [root, ...root.querySelectorAll('*')] as any[]) {
        if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement || el instanceof SVGElement) continue;
        if (!(el instanceof HTMLElement) || el.offsetParent === null && el.tagName !== 'DIALOG') continue;
        const cs = getComputedStyle(el);
        if (el.clientWidth <= 1 || el.clientHeight <= 1) continue; // visually hidden (sr-only)
        // A region marked data-scroll (a list, a sale's detail) scrolls on purpose, inside the screen.
        const cutsY = cs.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1 && !(el.hasAttribute('data-scroll') && cs.overflowY === 'auto');
        const cutsX = cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
        if (cutsY) out.push(`${name(el)} rola ou corta na vertical (${el.scrollHeight}px em ${el.clientHeight}px)`);
        if (cutsX) out.push(`${name(el)} rola ou corta na horizontal (${el.scrollWidth}px em ${el.clientWidth}px)`);
        if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} corta o texto "${el.textContent}"`);
      }
    }
    return [...new Set(out)];
  });
  expect(problems, `${where}: cabe em ${page.viewportSize()?.width}×${page.viewportSize()?.height} sem rolar`).toEqual([]);
}

import { startVirtualPrinter, type VirtualPrinter } from '../sandboxes/printer/server';
import { fixtureProducts } from './catalog';
import { expect, scanInput, test } from './fixtures';

/** Issue 7, point 9: a print failure message must not cover the F-key legend (nor anything else). */
const [arroz] = fixtureProducts;
let printer: VirtualPrinter;
test.use({
  appOptions: {
    startEmbedded: async (config) => {
      printer = await startVirtualPrinter({ port: 0 });
      await printer.stop(); // the printer is off from the start
      return { config: { ...config, printer: printer.url } };
    },
  },
});

test('impressora desligada: o aviso persistente fica abaixo da legenda das teclas, sem cobrir nada', async ({ page }) => {
  await expect(scanInput(page)).toBeFocused();
  await page.keyboard.type(arroz.ean + '\n');
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.type('50\n');
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: 'Não foi possível imprimir' });
  await expect(alert).toBeVisible();

  const legend = page.getByRole('contentinfo', { name: 'Teclas de atalho' }).or(page.locator('footer.legend'));
  const box = (await alert.locator('xpath=..').boundingBox())!;
  const leg = (await legend.first().boundingBox())!;
  // Below the legend, not over it.
  expect(box.y).toBeGreaterThanOrEqual(leg.y + leg.height - 1);
  // Every key of the legend is the topmost element at its own centre (nothing painted over it).
  const covered = await page.evaluate(() => {
    const d = (globalThis as any).document;
    return Array.from(d.querySelectorAll('footer.legend li')).filter((li: any) => {
      const r = li.getBoundingClientRect();
      const top = d.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !li.contains(top);
    }).map((li: any) => li.textContent);
  });
  expect(covered).toEqual([]);
  // "Efetuar Pagamento" and the Total are not covered either.
  for (const el of [page.getByRole('button', { name: /Efetuar Pagamento/ }), page.getByTestId('sale-total')]) {
    const b = (await el.boundingBox())!;
    expect(b.y + b.height <= box.y || b.y >= box.y + box.height).toBe(true);
  }
});

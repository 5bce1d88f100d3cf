import path from 'node:path';
import { projectRoot } from '../core/app/paths';
import { startHost } from '../core/host/server';
import { expect, test } from './fixtures';
import { expectFits } from './fit';

/**
 * Issue 21: a browser tab kept showing "Online" after the Balcão (the browser host) restarted. The top bar
 * now says what is true: "Sem conexão com o Balcão" while it is down, and once it is back with a new
 * per-start token, that this page must be opened again from the new access address.
 */
test('1024×768: o Balcão reiniciado → a aba deixa de mostrar "Online" e diz o que fazer', async ({ page, app }) => {
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveText('Online');

  await app.host.close();
  await expect(status).toHaveText('Sem conexão com o Balcão');
  await expectFits(page, 'Balcão fora do ar');

  // Restarted on the same port, as `npm start` does: a new token for each start.
  const again = await startHost({ dispatch: app.core.dispatch, events: app.core.events, staticDir: path.join(projectRoot, 'dist', 'renderer'), port: app.host.port });
  try {
    await expect(status).toHaveText('Balcão reiniciado: abra o novo endereço de acesso', { timeout: 15_000 });
    await expect(page.getByTestId('sync-badge')).toHaveAttribute('title', /endereço de acesso mostrado no terminal/);
  } finally {
    await again.close();
  }
});

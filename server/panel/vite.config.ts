import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { atomicOutput } from '../../tools/atomic-output';

/** The panel (Painel da retaguarda): served by the store server at /painel/ from dist/panel. */
export default defineConfig({
  root: 'server/panel',
  base: './',
  plugins: [react(), atomicOutput()],
  build: { outDir: '../../dist/panel', emptyOutDir: false, target: 'es2022', sourcemap: false },
});

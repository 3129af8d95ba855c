// Builds the renderer once for both hosts: Electron loads it from app://, the bridge serves it over http.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { withCspMetaTag } from './shared/cspMetaTag';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
const rendererOut = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs, so the same files work under app://eventdesk/ and http://127.0.0.1:PORT/.
  base: './',
  // The CSP also travels inside index.html: a custom protocol's responses may skip the header hook.
  plugins: [react(), { name: 'eventdesk-csp-meta', transformIndexHtml: (html) => withCspMetaTag(html) }],
  build: {
    outDir: rendererOut,
    // Only dist/renderer is emptied; dist/main belongs to the main-process build.
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // Loaded from disk (app://) or loopback, never over a slow network: one bundle is simpler than splitting.
    chunkSizeWarningLimit: 1500,
  },
});

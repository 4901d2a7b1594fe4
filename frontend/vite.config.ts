import { defineConfig } from 'vitest/config';

// The gateway serves dist/ from the frontend jar: index.html (no-cache, CSP nonce injected per response) and
// assets/ with content hashes in their names (cached for a year, immutable).
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    // no inline <script> for the module preload polyfill: the page's CSP allows only 'self' scripts
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  // `npm run dev`: the app on http://localhost:5173 against a suite started by `./taidon up`
  server: {
    proxy: { '/api': 'http://localhost:8080', '/actuator/health': 'http://localhost:8080' },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});

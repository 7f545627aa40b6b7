import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API at /dashboard/ (apps/api, DASHBOARD_DIR). `npx nx serve dashboard` runs the
// dev server and forwards /api to an API on 127.0.0.1:5000 (or ES_API_URL).
export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': process.env['ES_API_URL'] ?? 'http://127.0.0.1:5000' } },
});

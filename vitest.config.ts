/** Renderer component and slice tests (jsdom). Files: test/renderer/**\/*.spec.ts(x); run through test/renderer/vitest.test.ts in `npm test`. */
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['test/renderer/**/*.spec.{ts,tsx}'],
    globals: false,
    testTimeout: 20_000,
    pool: 'threads',
  },
});

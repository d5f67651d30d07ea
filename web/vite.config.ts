import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Static files served by the gateway; no inline scripts or styles (strict CSP).
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0, chunkSizeWarningLimit: 2000 },
  test: { include: ["src/**/*.test.ts"] },
});

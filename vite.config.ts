import { vitePlugin as remix } from '@remix-run/dev';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import remixConfig from './remix.config.js';
import { aliases } from './vite.aliases';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The browser bundle never takes server code: an import the client build still reaches (one
 * a component uses, not only a loader or action) of mongoose, the models, or a `.server`
 * module fails the build, naming both ends. Remix refuses `.server` files the same way; this
 * extends it to the data layer, which lives outside app/.
 */
function serverOnlyBoundary(): Plugin {
  const models = aliases['#models'];
  return {
    name: 'xianglian:server-only-boundary',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (options?.ssr || !importer) return null;
      const serverOnly =
        /^(mongoose|mongodb|@node-rs\/argon2|exceljs)(\/|$)/.test(source) ||
        source.startsWith('#models') ||
        (source.startsWith('.') && path.resolve(path.dirname(importer), source).startsWith(models));
      if (serverOnly && !importer.includes('node_modules')) {
        this.error(`server-only module "${source}" would reach the browser bundle from ${importer}`);
      }
      return null;
    },
  };
}

export default defineConfig({
  resolve: { alias: aliases },
  server: { port: 3000 },
  plugins: [serverOnlyBoundary(), remix(remixConfig)],
});

import { fileURLToPath } from 'node:url';

// Path aliases shared by the app build and both test configs (mirrors tsconfig "paths").
export const aliases = {
  '~': fileURLToPath(new URL('./app', import.meta.url)),
  '#models': fileURLToPath(new URL('./models', import.meta.url)),
  '#tests': fileURLToPath(new URL('./tests', import.meta.url)),
};

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', '.cache/**', 'data/**', 'public/build/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // The module boundaries (docs/decisions/0012): a route imports module faces only and never
  // touches a mongoose model; models know nothing of the app's helpers; production code
  // nothing of the tests. tests/unit/boundaries.test.ts holds the rest (the kernel imports no module).
  {
    files: ['app/routes/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(#models/(.+/|index$)|(\\.\\./)+models/)',
              message: "A route imports a module's face (#models/trade), never a file inside a module.",
            },
            {
              regex: '^#models(/|$)',
              importNamePattern: '^[A-Z][A-Za-z]*Model$',
              message: 'No route touches a mongoose model: ask the module for a query or a command.',
            },
            {
              // the actor of a write is made by the command adapter from the caller
              regex: '^~/utils/(auth|forms)\\.server$',
              importNamePattern: '^(actorOf|saveForm)$',
              message:
                'A route writes through a command (~/utils/commands.server: formCommand, execute), never with an actor of its own.',
            },
            { regex: '^#tests(/|$)', message: 'Production code imports nothing from the tests.' },
          ],
        },
      ],
    },
  },
  {
    files: ['models/**/*.ts'],
    ignores: ['models/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['~/utils/**', '~/routes/**', '~/components/**'],
              message: 'Models import nothing from the app.',
            },
            { regex: '^#tests(/|$)', message: 'Production code imports nothing from the tests.' },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'scripts/start.mjs', 'server.mjs'],
    ignores: ['app/routes/**', 'app/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^#tests(/|$)', message: 'Production code imports nothing from the tests.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.{mjs,cjs,js}', '*.js', '*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        require: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

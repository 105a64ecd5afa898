// ESLint: typescript-eslint's recommended rules everywhere, React hooks rules in the renderer, and
// the IPC boundary: only electron/preload may touch ipcRenderer (everything else goes through the
// contract-derived API), and core/ stays portable (no electron, keytar or node: imports outside core/node).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ipcRendererBan = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcRenderer'],
      message: 'only electron/preload talks to ipcRenderer; use renderer/api.ts',
    },
  ],
};

const ipcRendererMember = {
  selector: "MemberExpression[property.name='ipcRenderer']",
  message: 'only electron/preload talks to ipcRenderer',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', 'release/', 'test/fixtures/', '.stub-electron/', '.keyring/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // validators that reject control characters say so on purpose
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-restricted-imports': ['error', ipcRendererBan],
      'no-restricted-syntax': ['error', ipcRendererMember],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    // the main process imports Electron's types as a namespace; the member ban still holds there
    files: ['electron/main/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // test doubles stand in for Electron and DOM objects loosely on purpose
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    files: ['core/**'],
    ignores: ['core/node/**'],
    rules: {
      // core takes its clock as a parameter (tests pin it; faketime +400 days in CI catches the rest)
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'inject the clock (now)' },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'inject the clock',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'keytar', 'react', '*/node/*', '../node/*'],
              message: 'core/ is portable: Node, Electron and keytar live in core/node',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    // the two rules of hooks (the React Compiler's extra rules do not apply: the renderer does not use it)
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // expiry states come from core (core/trust/policy.ts, computed in main); the UI's own clock is renderer/lib/clock.ts
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/lib/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ipcRendererMember,
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'use uiNow()' },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='parse']",
          message: "parse times with core's instantOf (core/trust/policy.ts)",
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'use uiNow()' },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // cli/bin is CommonJS (its package.json): the launcher starts faster without the ES loader
    files: ['**/*.cjs', 'cli/bin/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

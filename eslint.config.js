// The linter for the site's browser scripts (docs/assets/*.js): `make lint` runs it beside
// ruff. Plain scripts, no modules or build step: each runs as the browser loads it.
'use strict';

const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  {
    ignores: ['docs/assets/vendor/**', 'site/**', 'site-offline/**', 'node_modules/**', '.venv/**']
  },
  {
    files: ['docs/assets/**/*.js'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      globals: { ...globals.browser }
    },
    rules: {
      ...js.configs.recommended.rules,
      // One style for every script.
      semi: ['error', 'always'],
      quotes: ['error', 'single', { avoidEscape: true }],
      indent: ['error', 2, { SwitchCase: 1 }],
      'comma-dangle': ['error', 'never'],
      eqeqeq: ['error', 'always'],
      strict: ['error', 'function'],
      'space-before-function-paren': ['error', { anonymous: 'always', named: 'never', asyncArrow: 'always' }],
      'no-new': 'error',
      'no-implicit-globals': 'error'
    }
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
  }
];

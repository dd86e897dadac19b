module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // itOnEachDatabase (src/__testUtils__/databases.ts) declares one test per database.
    'jest/no-standalone-expect': [
      'error',
      { additionalTestBlockFunctions: ['itOnEachDatabase'] },
    ],
  },
});

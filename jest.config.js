/** Tests import the library by its package name; here it maps to the TypeScript sources. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is done once by `tsc --noEmit` in `npm test`; with isolatedModules (tsconfig.json)
    // ts-jest transpiles each file on its own, which is faster.
    "^.+\\.ts$": "ts-jest",
  },
  moduleNameMapper: { "^gradlab$": "<rootDir>/lib/index.ts" },
  // Tests of the built package never run stale code: dist/ is rebuilt first when a source is newer.
  globalSetup: "<rootDir>/test/support/fresh_build.ts",
};

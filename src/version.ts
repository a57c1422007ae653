/**
 * The package version, as package.json says (test/packaging.test.ts holds
 * the two equal). Written out rather than imported from package.json, which
 * would put the whole package.json (scripts, dev dependencies) into the
 * shipped bundle and change the bundle with every edit to it.
 */
export const VERSION = "0.1.0";

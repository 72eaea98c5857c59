// esbuild settings of every Lambda bundle that are not plain NodejsFunction props, shared by
// infra/constructs/lmb-function.ts and the bundle benchmark (bench/bundles.ts) so both build alike.

/**
 * Import path → replacement, relative to the repository root (esbuild resolves an alias in its
 * working directory, the project root). See ./semver-gte.cjs.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = { semver: './infra/bundling/semver-gte.cjs' };

/** The same aliases as NodejsFunction's `esbuildArgs` (`--alias:<from>=<to>`). */
export const aliasArgs = (): Record<string, string> => Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]));

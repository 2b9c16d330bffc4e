// The layering check (`npm run lint:layers`, part of `npm test`): imports go downward only and no
// two folders import each other, directly or round a longer loop. Down is, at the top level,
// core/ ← engine/ ← udf-bridge/ ← cli/ (bench/ and tests/ may use anything; ui/ is browser code on
// its own), and inside the engine syntax ← types ← typecheck ← plan ← exec ← runtime ← {qtt, server}, with
// engine/errors.ts beneath every phase. A violation names both files.
const ENGINE_PHASES = ['syntax', 'types', 'typecheck', 'plan', 'exec', 'runtime', 'qtt|server'];

const enginePhaseRules = ENGINE_PHASES.slice(0, -1).map((phase, i) => ({
  name: `engine-${phase.replace('|', '-')}-looks-down`,
  comment: `engine/${phase}/ may import only the phases below it (${ENGINE_PHASES.slice(0, i).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^engine/(${phase})/` },
  to: { path: `^engine/(${ENGINE_PHASES.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'core-imports-none-of-ours',
      comment: 'core/ is what every other folder may use; it uses none of them',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(cli|engine|udf-bridge|ui|bench|tests)/' },
    },
    {
      name: 'engine-imports-only-core',
      comment: 'the engine knows nothing of the CLI, the model server or the page',
      severity: 'error',
      from: { path: '^engine/' },
      to: { path: '^(cli|udf-bridge|ui|bench|tests)/' },
    },
    {
      name: 'udf-bridge-below-cli',
      comment: 'the model server exports plain functions; the CLI wires them',
      severity: 'error',
      from: { path: '^udf-bridge/' },
      to: { path: '^(cli|ui|bench|tests)/' },
    },
    {
      name: 'cli-never-imports-tests-bench-or-page',
      comment: 'the CLI serves the bundled page from dist/, it never imports browser code',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: '^(bench|tests|ui)/' },
    },
    {
      name: 'page-is-self-contained',
      comment: 'ui/ is bundled for the browser: it imports only itself and npm packages',
      severity: 'error',
      from: { path: '^ui/' },
      to: { path: '^(core|cli|engine|udf-bridge|bench|tests)/' },
    },
    {
      name: 'commands-only-wire',
      comment: 'cli/commands/* import the modules they wire, never the other way round',
      severity: 'error',
      from: { path: '^cli/[^/]+/', pathNot: '^cli/commands/' },
      to: { path: '^cli/commands/' },
    },
    ...enginePhaseRules,
    {
      name: 'no-folder-cycles',
      comment: 'two folders that import each other (directly or round a loop) are one module in disguise',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};

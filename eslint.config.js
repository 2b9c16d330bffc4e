// Lint rules: typescript-eslint's recommended set over all TypeScript sources, kafkajs's classes
// only through core/kafka/kafka-client.ts, and in shipped code every thrown error a typed ZiemError.
// Layering is dependency-cruiser's (.dependency-cruiser.cjs), unused code knip's.
import tseslint from 'typescript-eslint';
import prettierConfig from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'udf-bridge/java/**', 'local/**/target/**', '.ziem/**'] },
  ...tseslint.configs.recommended,
  // formatting is Prettier's (npm run format:check); eslint keeps to correctness
  prettierConfig,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // kafkajs's classes come from core/kafka/kafka-client.ts (it fixes the producer first)
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              message: 'import Kafka and logLevel from core/kafka/kafka-client.ts',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts', 'cli/**/*.ts', 'engine/**/*.ts', 'udf-bridge/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ThrowStatement > NewExpression[callee.name='Error']",
          message: 'throw a ZiemError subclass (core/errors/ziem-error.ts) with a code and a hint, not a bare Error',
        },
      ],
    },
  },
);

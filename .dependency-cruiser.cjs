/**
 * Layers of gradcode, bottom to top (docs/architecture.md). A module may import from its own layer or a lower one,
 * never from a higher one; no import cycle is allowed, type-only imports included. `npm run lint` runs this through
 * `depcruise` (TypeScript parsed by swc, since dependency-cruiser does not read TypeScript 7).
 */
const LAYERS = [
  ['errors', 'rng', 'stats', 'linalg', 'input', 'limits', 'did-you-mean', 'package-root', 'flags', 'wasm-module'],
  ['codes', 'stragglers', 'engine', 'plots'],
  ['decoders', 'ordering'],
  ['protocols', 'adversarial'],
  ['spec', 'train', 'inspect'],
  ['trials', 'store'],
  ['sweep', 'figures', 'reproduce', 'report'],
  ['cli'],
];

/** The path pattern of a layer's folders (and root files such as src/errors.ts). */
const pattern = (names) => `^src/(${names.join('|')})(/|\\.ts$)`;

const upward = LAYERS.flatMap((names, k) =>
  k === LAYERS.length - 1
    ? []
    : [
        {
          name: `no-upward-from-${names[0]}`,
          comment: `layer ${k} (${names.join(', ')}) must not import from a higher layer`,
          severity: 'error',
          from: { path: pattern(names) },
          to: { path: pattern(LAYERS.slice(k + 1).flat()) },
        },
      ],
);

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'import cycles (type-only imports included) tie layers and files together',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
  },

};

import { registerWgslSnippet } from '../../engine/shaders/wgsl-snippets.js';
import { DistributionCode } from '../../stragglers/distribution.js';

/**
 * Enumerations shared by the trial kernels and their TypeScript encoders, defined once here and injected into WGSL as
 * `//! include gen:trial-constants`.
 */
export const ProtocolCode = { partial: 0, original: 1, 'tandon-partial': 2, erasure: 3 } as const;
export const RecoveryCode = { 'least-squares': 0, 'any-k': 1, groups: 2 } as const;
/** How the error curve is decoded on the GPU (streaming decoders of src/protocols/arrival-decoders.ts). */
export const CurveDecoderCode = {
  none: 0,
  leastSquares: 1,
  fixed: 2,
  bibd: 3,
  unbiased: 4,
  erasure: 5,
  ignoreStragglers: 6,
  graph: 7,
} as const;
export const SpeedCode = { none: 0, list: 1, dist: 2 } as const;
export const SlowCode = { none: 0, exact: 1, bernoulli: 2 } as const;
export const FixedSetCode = { none: 0, random: 1, mask: 2 } as const;

/**
 * "Never finishes": f32 kernels use this finite sentinel rather than +∞ (a shader compiler may assume finite math);
 * decoded back to +∞ on the host.
 */
export const NEVER = 3.0e38;

function constants(prefix: string, table: Record<string, number>): string[] {
  return Object.entries(table).map(
    ([name, value]) =>
      `const ${prefix}_${name
        .replace(/-/g, '_')
        .replace(/([a-z])([A-Z])/g, '$1_$2')
        .toUpperCase()}: u32 = ${value}u;`,
  );
}

registerWgslSnippet('gen:trial-constants', () =>
  [
    '// Trial-kernel enumerations (src/trials/gpu/constants.ts).',
    ...constants('DIST', DistributionCode),
    ...constants('PROTOCOL', ProtocolCode),
    ...constants('RECOVERY', RecoveryCode),
    ...constants('CURVE', CurveDecoderCode),
    ...constants('SPEED', SpeedCode),
    ...constants('SLOW', SlowCode),
    ...constants('FIXED', FixedSetCode),
    `const NEVER: f32 = ${NEVER.toExponential()};`,
  ].join('\n'),
);

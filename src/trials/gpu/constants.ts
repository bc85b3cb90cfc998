import { streamingForms } from '../../decoders/registry.js';
import { registerWgslSnippet } from '../../engine/shaders/wgsl-snippets.js';
import type { RoundPlan } from '../../protocols/round-plan.js';
import type { StopRule } from '../../protocols/stop-rules.js';
import { DistributionCode } from '../../stragglers/distribution.js';

/**
 * Enumerations shared by the trial kernels and their TypeScript encoders, defined once here and injected into WGSL as
 * `//! include gen:trial-constants`.
 */
export const ProtocolCode = {
  partial: 0,
  original: 1,
  'tandon-partial': 2,
  erasure: 3,
} as const satisfies Record<RoundPlan['protocol'], number>;
/** The stop rules the trial kernels implement (the training-only rules `all`, `deadline`, `count` have none). */
export const StopCode = {
  'least-squares': 0,
  'any-k': 1,
  groups: 2,
  'collect-k': 3,
  'private-and-any-k': 4,
  'per-chunk': 5,
} as const satisfies Partial<Record<StopRule['kind'], number>>;
/** The `CURVE` values: 0 for no error curve, then each streaming form's own code (src/decoders registry). */
export function curveCodes(): Record<string, number> {
  const codes: Record<string, number> = { none: 0 };
  for (const form of streamingForms()) {
    if (Object.values(codes).includes(form.gpu.code))
      throw new Error(`streaming form ${form.kind}: curve code ${form.gpu.code} is taken`);
    codes[form.kind] = form.gpu.code;
  }
  return codes;
}
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
    ...constants('STOP', StopCode),
    ...constants('CURVE', curveCodes()),
    ...constants('SPEED', SpeedCode),
    ...constants('SLOW', SlowCode),
    ...constants('FIXED', FixedSetCode),
    `const NEVER: f32 = ${NEVER.toExponential()};`,
  ].join('\n'),
);

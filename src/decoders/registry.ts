import type { GradientCode } from '../codes/types.js';
import { didYouMean } from '../did-you-mean.js';
import { InputError } from '../errors.js';
import { bibdFixedDecoder } from './bibd-fixed.js';
import { erasureDecoder } from './erasure.js';
import { exactDecoder } from './exact.js';
import { fixedUniformDecoder } from './fixed-uniform.js';
import { graphOptimalDecoder } from './graph-optimal.js';
import { ignoreStragglersDecoder } from './ignore-stragglers.js';
import { optimalDecoder } from './optimal.js';
import type { StreamingForm } from './streaming.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';
import { unbiasedDecoder } from './unbiased.js';

/**
 * Every decoder by name, in the order `--help` lists them: the one table of decoders. Each entry carries its batch
 * form (`decode`), its streaming form for the trial engine's error curve (`stream`: the f64 twin and the WGSL curve
 * code), and its checks; nothing else interprets decoder names. Adding a decoder: its file in src/decoders, an entry
 * here, and its `curve_*` case in shaders/trials/original.wgsl (test/decoders/decoder-table.test.ts runs every entry
 * on both backends).
 */
export const decoders = {
  exact: exactDecoder,
  optimal: optimalDecoder,
  graph: graphOptimalDecoder,
  fixed: fixedUniformDecoder,
  bibd: bibdFixedDecoder,
  erasure: erasureDecoder,
  unbiased: unbiasedDecoder,
  'ignore-stragglers': ignoreStragglersDecoder,
} as const satisfies Readonly<Record<string, Decoder>>;

/** Names of the registered decoders (`--decoder NAME`). */
export type DecoderName = keyof typeof decoders;

/** The registered decoder names. */
export const decoderNames = Object.keys(decoders) as DecoderName[];

/** Looks a decoder up by name (`--decoder NAME`); an unknown name is an InputError listing the known ones. */
export function getDecoder(name: string, field = 'decoder'): Decoder {
  if (Object.hasOwn(decoders, name)) return decoders[name as DecoderName];
  throw new InputError(
    field,
    `unknown decoder "${name}"${didYouMean(name, decoderNames)}; known decoders: ${decoderNames.join(', ')}`,
  );
}

/**
 * The distinct streaming forms of the registry (decoders sharing an algorithm share one), in registry order: the WGSL
 * curve constants are generated from them.
 */
export function streamingForms(): StreamingForm[] {
  const forms: StreamingForm[] = [];
  for (const name of decoderNames) if (!forms.includes(decoders[name].stream)) forms.push(decoders[name].stream);
  return forms;
}

/** Decodes one received set with the named decoder. */
export function decode(code: GradientCode, name: string, request: DecodeRequest): DecodeResult {
  return getDecoder(name).decode(code, request);
}

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
import type { DecodeRequest, DecodeResult, Decoder, DecoderName } from './types.js';
import { unbiasedDecoder } from './unbiased.js';

/** Every decoder by name, in the order `--help` lists them. */
export const decoders: Readonly<Record<DecoderName, Decoder>> = {
  exact: exactDecoder,
  optimal: optimalDecoder,
  graph: graphOptimalDecoder,
  fixed: fixedUniformDecoder,
  bibd: bibdFixedDecoder,
  erasure: erasureDecoder,
  unbiased: unbiasedDecoder,
  'ignore-stragglers': ignoreStragglersDecoder,
};

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

/** Decodes one received set with the named decoder. */
export function decode(code: GradientCode, name: string, request: DecodeRequest): DecodeResult {
  return getDecoder(name).decode(code, request);
}

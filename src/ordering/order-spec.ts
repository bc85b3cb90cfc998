import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { ChunkOrder, GradientCode } from '../codes/types.js';
import { closestMatch, didYouMean } from '../did-you-mean.js';
import { InputError } from '../errors.js';
import { parseJsonText } from '../input/parse-json.js';
import { readInputFile } from '../input/read-input-file.js';
import { naturalOrder } from './natural-order.js';
import { optimalOrder } from './optimal-order.js';
import { validateOrder } from './order-validation.js';
import { randomOrder } from './random-order.js';

/**
 * Parses an order file's content: a JSON array with one array of 0-based chunk indices per worker, in processing
 * order; each must be a permutation of that worker's chunks. Errors are InputErrors on `field` (malformed JSON or
 * shape) or `field[j]` naming worker j.
 */
export function parseOrder(code: GradientCode, text: string, field = 'order'): ChunkOrder {
  const value = parseJsonText(text, 'order file', { field, what: 'not valid JSON' });
  if (!Array.isArray(value))
    throw new InputError(field, 'must be a JSON array with one array of chunk indices per worker');
  return validateOrder(code, value as ArrayLike<number>[], field);
}

/**
 * Reads (a regular file within limits.dataFileBytes) and parses an order file (see {@link parseOrder}); an unreadable
 * file is an InputError on `field`.
 */
export function readOrderFile(code: GradientCode, path: string, field = 'order'): ChunkOrder {
  return parseOrder(code, readInputFile(path, { field, what: 'order file' }), field);
}

/** Options for {@link orderFromSpec}. */
export interface OrderSpecOptions {
  readonly parts?: number;
  /** Allow the heuristic when `optimal` is asked for a non-regular assignment. */
  readonly heuristic?: boolean;
  /** Seed of the heuristic's perturbations. */
  readonly seed?: number | bigint;
  /** Name of the option in error messages. Default `order`. */
  readonly field?: string;
}

/**
 * Resolves the `--order` option: `natural`, `optimal` (Latin ordering; the heuristic only with `heuristic`),
 * `random:SEED`, or a path to an order file.
 */
export function orderFromSpec(code: GradientCode, spec: string, options: OrderSpecOptions = {}): ChunkOrder {
  const field = options.field ?? 'order';
  if (spec === 'natural') return naturalOrder(code);
  if (spec === 'optimal') {
    try {
      return optimalOrder(code, options).order;
    } catch (e) {
      if (e instanceof InputError && e.field === 'order')
        throw new InputError(field, e.message.replace(/^order: /, ''));
      throw e;
    }
  }
  const random = /^random(?::(.*))?$/.exec(spec);
  if (random) {
    const text = random[1];
    if (text === undefined || !/^\d+$/.test(text)) {
      throw new InputError(field, `random ordering needs a non-negative integer seed, as random:SEED (got "${spec}")`);
    }
    return randomOrder(code, BigInt(text), field);
  }
  if (spec.length === 0) throw new InputError(field, 'expected natural, optimal, random:SEED or an order file path');
  // A misspelled keyword reaches here as a path (specs resolve it against their directory).
  const keyword = closestMatch(basename(spec), ['natural', 'optimal', 'random']);
  if (keyword !== null && !existsSync(spec))
    throw new InputError(
      field,
      `unknown order "${basename(spec)}"${didYouMean(basename(spec), [keyword])}; expected natural, optimal, random:SEED or an order file path`,
    );
  return readOrderFile(code, spec, field);
}

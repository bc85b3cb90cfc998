/**
 * "Did you mean …?" for bad names: spec keys, enum values (protocol, decoder, distribution, backend, …), code families
 * and parameters. A suggestion is offered only when one candidate is clearly closest.
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d = Array.from({ length: s.length + 1 }, (_, i) => {
    const row = new Array<number>(t.length + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The candidate closest to `word`: the only candidate containing it (≥ 3 characters, case-insensitive: `gpu` →
 * `webgpu`), else the one within ⌈len/3⌉ edits (at least 1, at most 3), else the only candidate it is a prefix of
 * (≥ 2 characters); null when none qualifies or two are equally close.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | null {
  const list = [...new Set(candidates)].filter((c) => c !== word);
  if (word.length === 0 || list.length === 0) return null;
  const containing = list.filter((c) => word.length >= 3 && c.toLowerCase().includes(word.toLowerCase()));
  if (containing.length === 1) return containing[0];
  const limit = Math.min(3, Math.max(1, Math.ceil(word.length / 3)));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const candidate of list) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) tie = true;
  }
  if (best !== null && bestDistance <= limit && !tie) return best;
  const prefixed = list.filter((c) => word.length >= 2 && c.toLowerCase().startsWith(word.toLowerCase()));
  return prefixed.length === 1 ? prefixed[0] : null;
}

/** ` (did you mean "x"?)` for the closest candidate, or '' (see {@link closestMatch}). */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === null ? '' : ` (did you mean "${match}"?)`;
}

/** Geometry attributes whose numbers are rounded; colours, ids and text are never touched. */
const GEOMETRY_ATTRIBUTES = new Set([
  'd',
  'transform',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'dx',
  'dy',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'width',
  'height',
  'points',
  'viewBox',
  'stroke-width',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-miterlimit',
  'font-size',
  'opacity',
  'fill-opacity',
  'stroke-opacity',
  'offset',
]);

const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;
const NUMBER = /-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?/g;

/** `value` rounded to `decimals` places, written without trailing zeros, exponent or negative zero. */
function roundNumber(text: string, decimals: number): string {
  const v = Number(text);
  if (!Number.isFinite(v)) return text;
  const rounded = Number(v.toFixed(decimals));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * Rounds every number inside geometry attributes to `decimals` places (default 3, i.e. 1/1000 px). Vega writes
 * coordinates at full double precision (`187.94850021680094`), so the last bits depend on how `Math.log` and friends
 * round on a given platform; rounding keeps the same rows → the same bytes, and shrinks the file.
 */
export function roundSvgNumbers(svg: string, decimals = 3): string {
  return svg.replace(ATTRIBUTE, (whole, name: string, value: string) =>
    GEOMETRY_ATTRIBUTES.has(name) ? `${name}="${value.replace(NUMBER, (n) => roundNumber(n, decimals))}"` : whole,
  );
}

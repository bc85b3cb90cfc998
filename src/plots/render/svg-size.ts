/** Outer size in px written on the root `<svg>` element (as Vega writes it: `width` before `height`). */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('SVG root element has no numeric width/height');
  return { width: Number(m[1]), height: Number(m[2]) };
}

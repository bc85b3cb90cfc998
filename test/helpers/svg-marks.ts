/** One group of data marks in a Vega SVG: its mark type, its layer name and how many items it draws. */
export interface SvgMarkGroup {
  /** `rect`, `symbol`, `line`, `area`, `rule`, `text`. */
  readonly type: string;
  /** Vega's name of the layer, e.g. `layer_0_marks` or `child_layer_1_marks` (faceted). */
  readonly name: string;
  /** Items drawn: one `<path>` per bar, point or rule; one per line or area (per series and panel). */
  readonly items: number;
}

/**
 * The data-mark groups of a Vega SVG (`<g class="mark-TYPE role-mark NAME">`), one entry per group and panel, in
 * document order. Axes, legends and titles have other roles and are left out.
 */
export function svgMarkGroups(svg: string): SvgMarkGroup[] {
  const groups: SvgMarkGroup[] = [];
  const re = /<g class="mark-(\w+) role-mark ([\w-]+)"[^>]*>/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    // A mark group holds only leaf items (paths or texts) up to its closing tag.
    const end = svg.indexOf('</g>', m.index + m[0].length);
    const body = svg.slice(m.index + m[0].length, end);
    const items = (body.match(/<path\b|<text\b/g) ?? []).length;
    groups.push({ type: m[1], name: m[2], items });
  }
  return groups;
}

/** Total items of the mark groups of `type` whose name matches `name`. */
export function countMarks(svg: string, type: string, name: RegExp = /./): number {
  return svgMarkGroups(svg)
    .filter((g) => g.type === type && name.test(g.name))
    .reduce((s, g) => s + g.items, 0);
}

/** The text of every `<text>` element (tspans joined by a space). */
export function svgTexts(svg: string): string[] {
  const out: string[] = [];
  const re = /<text\b[^>]*>(.*?)<\/text>/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    out.push(
      m[1]
        .replace(/<tspan[^>]*>/g, ' ')
        .replace(/<\/tspan>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .trim(),
    );
  }
  return out;
}

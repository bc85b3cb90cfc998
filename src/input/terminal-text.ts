/**
 * Text from users and files shown on a terminal: control characters (C0 except newline and tab, DEL, C1) and the
 * bidirectional overrides are written as visible escapes, so a label or a file name cannot move the cursor, recolour
 * the terminal or reorder what is printed (issue 15, item 10).
 */

/** C0 controls except \n and \t, DEL, C1 controls, and the Unicode bidirectional embedding/override/isolate marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this module's job
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Whether `text` holds a character {@link escapeControl} would escape. */
export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

/** `text` with every control character written as `\xNN` (or `\u{NNNN}` above U+00FF); everything else unchanged. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/**
 * A short, sanitised excerpt of untrusted text for an error message: at most `max` characters (then `…`), control
 * characters escaped, newlines shown as `\n`, in double quotes. File contents are never echoed beyond this.
 */
export function excerpt(text: string, max = 16): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return `"${escapeControl(cut).replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

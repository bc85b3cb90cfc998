/**
 * Messages Dawn and the Vulkan loader print to the process's stderr from native code, sorted into the ones gradcode
 * knows to be harmless or restated in its own words, and the rest. Known ones reach the terminal only under
 * `--verbose`; anything else is printed as it came.
 */

/** A message gradcode recognises: why it is not shown, and what it says about a missing adapter, if anything. */
export interface KnownNativeMessage {
  readonly id: 'dynamic-buffer-limit' | 'no-vulkan-loader' | 'no-vulkan-driver';
  /** Why the message is harmless, or where gradcode says the same thing. */
  readonly why: string;
  /** For messages that explain a missing adapter: the reason, in gradcode's words. */
  readonly noAdapterReason?: string;
}

/** One message: its first line and indented continuation lines (Dawn appends `    at …` source locations). */
export interface NativeMessage {
  readonly text: string;
  readonly known: KnownNativeMessage | null;
}

const RULES: readonly { pattern: RegExp; describe: (match: RegExpExecArray) => KnownNativeMessage }[] = [
  {
    // Dawn's Limits.cpp: printed once per adapter discovery (twice per Dawn instance) on lavapipe and most drivers.
    pattern: /^Warning: maxDynamic(?:Uniform|Storage)BuffersPerPipelineLayout artificially reduced/,
    describe: () => ({
      id: 'dynamic-buffer-limit',
      why: 'Dawn caps dynamic-offset buffers per pipeline layout; gradcode binds none with dynamic offsets',
    }),
  },
  {
    // Dawn's BackendVk.cpp when libvulkan.so.1 cannot be dlopen()ed.
    pattern: /^Warning: Couldn't load Vulkan: ?(.*)$/m,
    describe: (m) => ({
      id: 'no-vulkan-loader',
      why: 'no Vulkan loader; gradcode says so in its own notice',
      noAdapterReason: `the Vulkan loader could not be loaded${m[1] ? `: ${m[1].trim()}` : ''}`,
    }),
  },
  {
    // The Vulkan loader (and Dawn's check of vkCreateInstance) when no driver (ICD) is installed or readable.
    pattern:
      /^Warning: (?:vkCreateInstance: Found no drivers!|vkCreateInstance failed with VK_ERROR_INCOMPATIBLE_DRIVER|loader_get_json: Failed to open JSON file)/,
    describe: () => ({
      id: 'no-vulkan-driver',
      why: 'no Vulkan driver; gradcode says so in its own notice',
      noAdapterReason: 'no Vulkan driver (ICD) is installed',
    }),
  },
];

/** Recognises a message, or returns null. */
export function classifyNativeMessage(text: string): KnownNativeMessage | null {
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (match) return rule.describe(match);
  }
  return null;
}

/**
 * Splits captured stderr text into messages: a message starts at a line that does not begin with white space and
 * takes the indented or blank lines after it. A final partial line is kept as its own message.
 */
export function splitNativeMessages(text: string): NativeMessage[] {
  const messages: string[][] = [];
  for (const line of text.split('\n')) {
    const continuation = /^\s/.test(line) || line === '';
    if (continuation && messages.length > 0) messages[messages.length - 1].push(line);
    else if (line !== '') messages.push([line]);
  }
  return messages.map((lines) => {
    while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const body = lines.join('\n');
    return { text: body, known: classifyNativeMessage(body) };
  });
}

/**
 * What to print of captured text: unknown messages always, known ones only when `verbose`; each followed by a
 * newline. Also returns the reasons the known messages give for a missing adapter.
 */
export function filterNativeMessages(
  text: string,
  verbose: boolean,
): { readonly print: string; readonly noAdapterReasons: readonly string[] } {
  const messages = splitNativeMessages(text);
  const print = messages
    .filter((m) => verbose || m.known === null)
    .map((m) => `${m.text}\n`)
    .join('');
  const reasons = messages.flatMap((m) => (m.known?.noAdapterReason ? [m.known.noAdapterReason] : []));
  return { print, noAdapterReasons: [...new Set(reasons)] };
}

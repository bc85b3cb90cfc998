import type { Command } from 'commander';
import { specJsonSchema } from '../../spec/json-schema.js';
import { renderSchemaMarkdown } from '../../spec/schema-markdown.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { checkOutputFile } from '../../store/output-path.js';

const EXAMPLES = `
Examples:
  gradcode schema --out gradcode.schema.json
  gradcode schema --markdown            the key reference of docs/sweeps.md (generated from the same descriptions)
  # VS Code (YAML extension): first line of a spec file
  # yaml-language-server: $schema=./gradcode.schema.json

The schema covers every key of a spec — name, seed, defaults, cells, sweep.grid/zip, plots — with each cell key
(code, order, protocol, parts, decoder, collect, stragglers, tGrid, normalize, trials, seed, adaptive, stream) and
every nested key (stragglers.slow.factor, tGrid.points, …) typed and described, with units. Rules JSON Schema cannot express (a code that cannot be built, T grids that must increase) are
still checked by gradcode run/sweep, which exit with code 2 naming the field.`;

/** Registers `gradcode schema [--out FILE]`. */
export function register(program: Command): void {
  program
    .command('schema')
    .description('write the JSON Schema of spec files (for editor completion and validation)')
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--markdown', 'write the key reference as Markdown tables instead of the JSON Schema')
    .addHelpText('after', EXAMPLES)
    .action((flags: { out?: string; markdown?: boolean }) => {
      if (flags.out !== undefined) checkOutputFile(flags.out);
      const text = flags.markdown ? renderSchemaMarkdown() : `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
      if (flags.out) {
        writeFileAtomic(flags.out, text);
        process.stderr.write(
          `gradcode: wrote the spec ${flags.markdown ? 'key reference' : 'JSON Schema'} to ${flags.out}\n`,
        );
      } else process.stdout.write(text);
    });
}

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `from harness_x import ...` at the top level, parenthesised over lines or not. */
const MODULE_IMPORT = /^from (harness_\w+) import (?:\([^)]*\)|[^\n]*)$/gm;
const FUTURE = /^from __future__ import annotations\n/m;

/**
 * The harness as one text: `harness.py` with every `harness_*.py` module it
 * imports inlined where it is first imported (depth first, each once; their
 * `from __future__` line dropped, as it must open a file). All of it then
 * shares one namespace, which the modules' names are chosen for
 * (runtime/tests/test_harness_text.py). A step program stays one
 * self-contained file, so a pod needs nothing beside it.
 */
export function bundleHarness(
  entry: string,
  read: (path: string) => string = path => readFileSync(path, 'utf8')
): string {
  const seen = new Set<string>();
  const inline = (text: string): string =>
    text.replace(MODULE_IMPORT, (_line, name: string) => {
      if (seen.has(name)) {
        return '';
      }
      seen.add(name);
      const module = read(join(dirname(entry), `${name}.py`));
      return `# ---- ${name}.py ----\n${inline(module.replace(FUTURE, '')).trimEnd()}\n# ---- end of ${name}.py ----`;
    });
  return inline(read(entry));
}

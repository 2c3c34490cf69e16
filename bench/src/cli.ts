// Command-line option helpers shared by the bench's entry points (instructions.ts, verdict.ts).

/** A bad command-line option: the message names the option and what it expects. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/**
 * A comma-separated option naming members of `all` (e.g. `--frameworks koa,express5`); every member
 * when the option is absent. Throws {@link OptionError} on a name not in `all`.
 */
export function listOption<T extends string>(raw: string | undefined, all: readonly T[], flag: string): T[] {
  if (raw === undefined) return [...all];
  return raw.split(',').map((s) => {
    const name = s.trim();
    if (!(all as readonly string[]).includes(name))
      throw new OptionError(`${flag} ${name}: expected one of ${all.join(', ')}`);
    return name as T;
  });
}

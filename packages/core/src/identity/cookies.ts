// Reads one cookie from a raw `Cookie` header, for adapters whose framework does not parse cookies.

/**
 * The value of cookie `name` in a `Cookie` header (percent-decoded when valid), or `undefined`.
 *
 * @example
 * ```ts
 * readCookie('a=1; session=eyJ...', 'session'); // 'eyJ...'
 * ```
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header === '') return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    if (pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * Names of the files a report writes. A safe name is a plain file name on every OS: ASCII letters,
 * digits, `.`, `_` and `-`, starting with a letter or digit, not ending with a dot, at most 100
 * characters; so no path separators, no `..`, nothing a shell or a URL would have to escape.
 */
const SAFE_FILE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_-])?$/;

export function isSafeFileName(name: string): boolean {
  return SAFE_FILE_NAME.test(name);
}

/**
 * A safe file name made from any text (a scenario or policy name): accents dropped, runs of other
 * characters turned into one `-`, cut to 100 characters, punctuation trimmed from both ends;
 * `fallback` when nothing is left.
 */
export function toSafeFileName(text: string, fallback = 'chart'): string {
  const name = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 100)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return isSafeFileName(name) ? name : fallback;
}

/**
 * A tiny self-contained HTML page helper: one file, inline CSS, no scripts or external resources,
 * so a report opens anywhere (CI artefacts, mail attachments) as it was written.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export interface HtmlTableOptions {
  /** Per column; default: the first column left, the others right (numbers), as formatTable does. */
  align?: readonly ('left' | 'right')[];
  /** Per row, a tooltip for the whole row. */
  rowTitles?: readonly (string | undefined)[];
}

/** A table of already formatted cells; every cell is escaped. */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], opts: HtmlTableOptions = {}): string {
  const align = (i: number) => opts.align?.[i] ?? (i === 0 ? 'left' : 'right');
  const cell = (tag: 'th' | 'td', text: string, i: number) => `<${tag} class="${align(i)}">${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr>`;
  const body = rows.map((r, j) => {
    const title = opts.rowTitles?.[j];
    return `<tr${title ? ` title="${escapeHtml(title)}"` : ''}>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`;
  });
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

const CSS = `
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #212121; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #e0e0e0; }
th { background: #f5f5f5; position: sticky; top: 0; }
.left { text-align: left; } .right { text-align: right; }
.figure svg { max-width: 100%; height: auto; }
.muted { color: #757575; font-size: 0.85rem; }
`;

/** A complete HTML5 document; `body` is trusted markup (already escaped where needed). */
export function htmlPage(opts: { title: string; body: string; css?: string }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)}</title>`,
    `<style>${CSS}${opts.css ?? ''}</style>`,
    '</head>',
    '<body>',
    opts.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { isSafeFileName } from './file-names.js';
import { escapeHtml, htmlPage, htmlTable } from './html.js';
import { scopeSvgIds } from './inline-svg.js';
import { renderPng, renderSvg } from './render.js';

/** A chart written as `<name>.svg` and `<name>.png` and inlined in the page. */
export interface ReportChart { name: string; spec: TopLevelSpec }
/** Already formatted cells; the first column left-aligned, the others right-aligned. */
export interface ReportTable { header: string[]; rows: string[][] }
/** A heading, then its text (blank lines split paragraphs), its charts, its table. */
export interface ReportSection { heading: string; text?: string; table?: ReportTable; charts?: ReportChart[] }
/** An extra file written beside the page (CSV, JSON) and linked from it; `name` includes the extension. */
export interface ReportFile { name: string; content: string }
export interface Report { title: string; intro?: string; sections: ReportSection[]; files?: ReportFile[] }

export const REPORT_PAGE = 'index.html';

/**
 * Writes a report into `dir` (created if missing): each chart as SVG and PNG, the extra files, and a
 * self-contained `index.html` (inline SVG, tables, inline CSS; no scripts, nothing fetched; links to
 * the written files only). Returns the written paths, `dir` joined with each name, page last.
 *
 * Every chart and file name is checked first (safe file names, no two outputs with one name, ignoring
 * case as macOS and Windows do); a bad name throws before anything is written. Make names from user
 * text with toSafeFileName.
 */
export async function writeReport(dir: string, report: Report): Promise<string[]> {
  const charts = report.sections.flatMap((s) => s.charts ?? []);
  const files = report.files ?? [];
  checkNames(charts, files);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    written.push(path);
  };

  const svgs = new Map<string, string>();
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    svgs.set(chart.name, svg);
    await write(`${chart.name}.svg`, svg);
    await write(`${chart.name}.png`, await renderPng(svg));
  }
  for (const file of files) await write(file.name, file.content);
  await write(REPORT_PAGE, reportHtml(report, svgs));
  return written;
}

function checkNames(charts: readonly ReportChart[], files: readonly ReportFile[]): void {
  const problems: string[] = [];
  const outputs = new Map<string, string>([[REPORT_PAGE, 'the report page']]);
  /** Whether `file` was still free; else the clash is a problem. */
  const claim = (file: string, owner: string): boolean => {
    const key = file.toLowerCase();
    const other = outputs.get(key);
    if (other !== undefined) problems.push(`${owner} would overwrite ${other} (${file})`);
    else outputs.set(key, owner);
    return other === undefined;
  };
  for (const c of charts) {
    if (!isSafeFileName(c.name)) problems.push(`chart name ${JSON.stringify(c.name)} is not a safe file name (letters, digits, . _ -)`);
    else ['svg', 'png'].every((ext) => claim(`${c.name}.${ext}`, `chart ${c.name}`)); // one problem per chart
  }
  for (const f of files) {
    if (!isSafeFileName(f.name)) problems.push(`file name ${JSON.stringify(f.name)} is not a safe file name (letters, digits, . _ -)`);
    else claim(f.name, `file ${f.name}`);
  }
  if (problems.length > 0) throw new Error(`writeReport: ${problems.join('; ')}`);
}

/** Text as paragraphs: a blank line starts a new one. */
function paragraphs(text: string, cls?: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(p)}</p>`)
    .join('\n');
}

function figure(name: string, svg: string): string {
  // Names are safe file names, so they need no escaping in ids and links.
  const links = `<a href="${name}.svg">${name}.svg</a> · <a href="${name}.png">${name}.png</a>`;
  return `<figure class="figure" id="chart-${name}">\n${scopeSvgIds(svg, `${name}-`)}\n<figcaption class="muted">${links}</figcaption>\n</figure>`;
}

function reportHtml(report: Report, svgs: ReadonlyMap<string, string>): string {
  const body = [`<h1>${escapeHtml(report.title)}</h1>`];
  if (report.intro) body.push(paragraphs(report.intro));
  for (const section of report.sections) {
    body.push('<section>', `<h2>${escapeHtml(section.heading)}</h2>`);
    if (section.text) body.push(paragraphs(section.text));
    for (const chart of section.charts ?? []) body.push(figure(chart.name, svgs.get(chart.name) ?? ''));
    if (section.table) body.push(htmlTable(section.table.header, section.table.rows));
    body.push('</section>');
  }
  const files = report.files ?? [];
  if (files.length > 0) {
    body.push('<h2>Files</h2>', `<ul>${files.map((f) => `<li><a href="${f.name}">${f.name}</a></li>`).join('')}</ul>`);
  }
  return htmlPage({ title: report.title, body: body.join('\n'), css: 'figure { margin: 1rem 0; }' });
}

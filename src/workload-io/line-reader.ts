import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 20;

/**
 * Reads a text file line by line, synchronously, one chunk at a time, so memory is one chunk plus
 * one line whatever the file's size (the simulator is synchronous and pulls rows as it needs
 * them). Accepts LF and CRLF endings and a last line without a newline; an empty last line after
 * the final newline is not a line. `lineNumber` is the 1-based number of the line last returned.
 */
export class LineReader {
  lineNumber = 0;
  private fd: number | undefined;
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private readonly decoder = new StringDecoder('utf8');
  private text = '';
  private pos = 0;
  private eof = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The next line without its ending, or undefined at the end of the file (which closes it). */
  next(): string | undefined {
    for (;;) {
      const nl = this.text.indexOf('\n', this.pos);
      if (nl >= 0) {
        const end = nl > this.pos && this.text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const line = this.text.slice(this.pos, end);
        this.pos = nl + 1;
        this.lineNumber++;
        return line;
      }
      if (this.eof) {
        if (this.pos >= this.text.length) return undefined;
        let line = this.text.slice(this.pos);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        this.pos = this.text.length;
        this.lineNumber++;
        return line;
      }
      this.fill();
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private fill(): void {
    const n = this.fd === undefined ? 0 : readSync(this.fd, this.buffer, 0, CHUNK_BYTES, null);
    const rest = this.text.slice(this.pos);
    this.pos = 0;
    if (n === 0) {
      this.text = rest + this.decoder.end();
      this.eof = true;
      this.close();
    } else {
      this.text = rest + this.decoder.write(this.buffer.subarray(0, n));
    }
  }
}

/**
 * Splits one CSV record into fields (RFC 4180 quoting: `"a,b"` and `""` inside quotes). The
 * traces here never quote, so the common case is a plain split.
 */
export function splitCsvLine(line: string): string[] {
  if (line.indexOf('"') < 0) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

// Splitting a transaction file into records, streaming, with line numbers.
//
// Delimited files follow RFC 4180 and are read by csv-parse; whitespace-separated files (the
// CDNOW layout: runs of spaces) are split line by line, which csv-parse does not do.
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { FidelisError } from '../core/errors.js';

/** One record of a file: its fields and the line it starts on (1-based). */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** Text or bytes of a file, chunk by chunk: a Node `Readable` (`fs.createReadStream`) is one. */
export type ChunkSource = AsyncIterable<string | Uint8Array>;

/** A `PARSE_FAILED` error for `line`, with `details.line`. */
export function parseFailed(line: number, message: string, extra: Record<string, unknown> = {}): FidelisError {
  return new FidelisError('PARSE_FAILED', `line ${line}: ${message}`, { line, ...extra });
}

/** Yield the chunks of `source` as text (UTF-8, byte-order mark removed). */
async function* texts(source: ChunkSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

function detectDelimiter(firstText: string): string {
  const end = firstText.indexOf('\n');
  const line = end < 0 ? firstText : firstText.slice(0, end);
  for (const d of [',', ';', '\t', '|']) if (line.includes(d)) return d;
  return 'whitespace';
}

const BATCH_LINES = 1024;

/** Lines of the chunks (without `\r\n`/`\n`), numbered from 1, batch by chunk. */
async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry + chunk;
    let batch: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      batch.push(text.charCodeAt(nl - 1) === 13 && nl > start ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
      // Small batches: rows die young (a scavenge frees them) whatever the chunk size.
      if (batch.length === BATCH_LINES) {
        yield batch;
        batch = [];
      }
    }
    carry = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  if (carry !== '') yield [carry.endsWith('\r') ? carry.slice(0, -1) : carry];
}

/** Whitespace-separated records (runs of spaces or tabs; leading ones ignored); blank lines skipped. */
async function* whitespaceRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let line = 0;
  for await (const batch of lines(chunks)) {
    const out: CsvRecord[] = [];
    for (const text of batch) {
      line++;
      const trimmed = text.trim();
      if (trimmed !== '') out.push({ fields: trimmed.split(/[ \t]+/), line });
    }
    if (out.length > 0) yield out;
  }
}

/**
 * RFC 4180 records read by csv-parse (quoted fields may hold the delimiter, doubled quotes and
 * line breaks); empty lines and lines of blanks skipped. A record is numbered by the line it
 * starts on; a malformed record becomes `PARSE_FAILED` naming its line.
 */
async function* delimitedRecords(chunks: AsyncIterable<string>, delimiter: string): AsyncGenerator<CsvRecord[]> {
  const parser = Readable.from(chunks).pipe(
    parse({
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  let out: CsvRecord[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.length === 1 && (record[0] ?? '').trim() === '') continue; // a line of blanks
      // csv-parse counts lines up to the record's end; a quoted line break moves its start up.
      let breaks = 0;
      for (const field of record) for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) breaks++;
      out.push({ fields: record, line: info.lines - breaks });
      if (out.length === BATCH_LINES) {
        yield out;
        out = [];
      }
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      throw parseFailed(line, error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is not closed before the end of the file' : error.message);
    }
    throw error;
  }
  if (out.length > 0) yield out;
}

/**
 * The records of a file, batch by batch. `delimiter` is `'auto'` (`,` `;` tab or `|` when the
 * first line has one, otherwise whitespace), `'whitespace'`, or one character.
 */
export async function* fileRecords(source: ChunkSource, delimiter: string): AsyncGenerator<CsvRecord[]> {
  const iterator = texts(source)[Symbol.asyncIterator]();
  // The first line decides the delimiter: read until it is complete.
  let head = '';
  let done = false;
  while (!head.includes('\n')) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    head += next.value;
  }
  if (head === '') return;
  const chunks: AsyncIterable<string> = {
    async *[Symbol.asyncIterator]() {
      yield head;
      if (done) return;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
    },
  };
  const d = delimiter === 'auto' ? detectDelimiter(head) : delimiter;
  yield* d === 'whitespace' ? whitespaceRecords(chunks) : delimitedRecords(chunks, d);
}

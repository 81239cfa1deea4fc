// Splitting a transaction file into records, streaming, with line numbers.
//
// Delimited files follow RFC 4180: read by csv-parse as soon as a quote (or a lone carriage
// return) appears, split line by line before that; whitespace-separated files (the CDNOW
// layout: runs of spaces) are split line by line, which csv-parse does not do.
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

/**
 * Lines of the chunks (without `\r\n`/`\n`) in batches, up to the first chunk for which `stop`
 * holds: the generator then returns that chunk with the unfinished line before it, for another
 * reader of the rest of `chunks` (`undefined` when every chunk was read).
 */
async function* lines(chunks: AsyncIterator<string>, stop: (text: string) => boolean): AsyncGenerator<string[], string | undefined> {
  let carry = '';
  for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
    const text = carry + next.value;
    if (stop(text)) return text;
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
  return undefined;
}

/** The records of the lines, each split by `split`, numbered from `line + 1`; blank lines skipped. */
async function* splitLines(batches: AsyncGenerator<string[], string | undefined>, split: (text: string) => string[], counter: { line: number }): AsyncGenerator<CsvRecord[], string | undefined> {
  for (let next = await batches.next(); ; next = await batches.next()) {
    if (next.done === true) return next.value;
    const out: CsvRecord[] = [];
    for (const text of next.value) {
      const line = ++counter.line;
      if (text.trim() !== '') out.push({ fields: split(text), line });
    }
    if (out.length > 0) yield out;
  }
}

/** Whitespace-separated records (runs of spaces or tabs; leading ones ignored); blank lines skipped. */
function whitespaceRecords(chunks: AsyncIterator<string>): AsyncGenerator<CsvRecord[], string | undefined> {
  return splitLines(
    lines(chunks, () => false),
    (text) => text.trim().split(/[ \t]+/),
    { line: 0 },
  );
}

/**
 * Whether text needs a CSV parser: it has a quote, or a carriage return that does not end a line
 * (one at the very end is decided with the next chunk). Text without either is exactly its lines
 * split at the delimiter (RFC 4180 fields without quotes).
 */
function needsParser(text: string): boolean {
  if (text.includes('"')) return true;
  for (let cr = text.indexOf('\r'); cr >= 0 && cr < text.length - 1; cr = text.indexOf('\r', cr + 1)) {
    if (text.charCodeAt(cr + 1) !== 10) return true;
  }
  return false;
}

/**
 * RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks; empty
 * lines and lines of blanks are skipped. While the text has no quote (nearly every transaction
 * export) lines are split at the delimiter directly, several times faster than csv-parse and
 * with a fraction of its garbage; from the first chunk that needs it on, csv-parse reads the
 * rest. A record is numbered by the line it starts on; a malformed one becomes `PARSE_FAILED`
 * naming its line.
 */
async function* delimitedRecords(chunks: AsyncIterator<string>, delimiter: string): AsyncGenerator<CsvRecord[]> {
  const counter = { line: 0 };
  const rest = yield* splitLines(lines(chunks, needsParser), (text) => text.split(delimiter), counter);
  if (rest === undefined) return;
  const parser = Readable.from(
    (async function* () {
      yield rest;
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
    })(),
  ).pipe(
    parse({
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  const before = counter.line;
  let quotedCrlf = 0;
  let out: CsvRecord[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.length === 1 && (record[0] ?? '').trim() === '') continue; // a line of blanks
      // csv-parse counts lines up to the record's end, each CR and LF inside quotes as one: a
      // quoted line break moves the record's start up, and a quoted CRLF counted twice moves
      // every later line down.
      let breaks = 0;
      let crlf = 0;
      for (const field of record) {
        for (let i = 0; i < field.length; i++) {
          const c = field.charCodeAt(i);
          if (c === 10 || c === 13) breaks++;
          if (c === 13 && field.charCodeAt(i + 1) === 10) crlf++;
        }
      }
      out.push({ fields: record, line: before + info.lines - breaks - quotedCrlf });
      quotedCrlf += crlf;
      if (out.length === BATCH_LINES) {
        yield out;
        out = [];
      }
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      throw parseFailed(before + line, error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is not closed before the end of the file' : error.message);
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
  const chunks = (async function* () {
    yield head;
    if (done) return;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  })();
  const d = delimiter === 'auto' ? detectDelimiter(head) : delimiter;
  yield* d === 'whitespace' ? whitespaceRecords(chunks) : delimitedRecords(chunks, d);
}

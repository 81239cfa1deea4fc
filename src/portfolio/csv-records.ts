// Splitting a transaction file into records, streaming, with line numbers.
//
// Delimited files follow RFC 4180: the parts with quotes (or a lone carriage return) are read by
// csv-parse, the others split line by line; whitespace-separated files (the CDNOW layout: runs
// of spaces) are split line by line, which csv-parse does not do.
import { CsvError, parse } from 'csv-parse/sync';
import { FidelisError } from '../core/errors.js';

/** One record of a file: its fields and the line it starts on (1-based). */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** Text or bytes of a file, chunk by chunk: a Node `Readable` (`fs.createReadStream`) is one. */
export type ChunkSource = AsyncIterable<string | Uint8Array>;

/** A `PARSE_FAILED` error for `line`, with `details.line`; `where` replaces "line N" at the start of the message. */
export function parseFailed(line: number, message: string, extra: Record<string, unknown> = {}, where = `line ${line}`): FidelisError {
  return new FidelisError('PARSE_FAILED', `${where}: ${message}`, { line, ...extra });
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
 * The text of the chunks in pieces that end after a record (the last piece: wherever the text
 * ends), each with whether it needs the CSV parser. Without quotes a piece ends at its last line
 * feed; with them, at its last line break outside quotes (a doubled quote inside a quoted field
 * flips the state twice). Each chunk is scanned once and kept as it is until a record ends, so a
 * quoted field running over many chunks costs linear time. A carriage return at the very end of
 * a chunk is decided with the next one (it may be half of a CRLF).
 */
async function* pieces(chunks: AsyncIterable<string>, quotes: boolean): AsyncGenerator<[string, boolean]> {
  let pending: string[] = []; // the text since the last record end
  let parser = false; // whether `pending` needs the parser
  let quoted = false; // inside quotes at the end of `pending`
  let endsWithCr = false; // `pending` ends with a carriage return outside quotes
  for await (const chunk of chunks) {
    if (chunk === '') continue;
    const loneCrBefore = endsWithCr && chunk.charCodeAt(0) !== 10;
    if (quotes && !parser && (loneCrBefore || needsParser(chunk))) parser = true; // `pending` had no quote: `quoted` is false
    let end = -1; // the last record end in `chunk`
    if (parser) {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (c === 34) quoted = !quoted;
        else if (!quoted && (c === 10 || (c === 13 && i + 1 < chunk.length && chunk.charCodeAt(i + 1) !== 10))) end = i;
      }
    } else end = chunk.lastIndexOf('\n');
    endsWithCr = !quoted && chunk.charCodeAt(chunk.length - 1) === 13;
    if (end < 0 && !loneCrBefore) {
      pending.push(chunk);
      continue;
    }
    if (end >= 0) pending.push(chunk.slice(0, end + 1));
    yield [pending.join(''), parser];
    const rest = end >= 0 ? chunk.slice(end + 1) : chunk;
    pending = rest === '' ? [] : [rest];
    if (parser && !needsParser(rest)) parser = false; // no quote in `rest`: `quoted` is false
  }
  const last = pending.join('');
  if (last !== '') yield [last, parser || (quotes && needsParser(last))];
}

/** The lines of a piece (without `\r\n`/`\n`) split by `split`, numbered on from `counter.line`; blank lines skipped. */
function* splitRecords(piece: string, split: (text: string) => string[], counter: { line: number }): Generator<CsvRecord[]> {
  let out: CsvRecord[] = [];
  for (let start = 0; start < piece.length; ) {
    let nl = piece.indexOf('\n', start);
    if (nl < 0) nl = piece.length;
    const text = piece.charCodeAt(nl - 1) === 13 && nl > start ? piece.slice(start, nl - 1) : piece.slice(start, nl);
    start = nl + 1;
    const line = ++counter.line;
    if (text.trim() === '') continue;
    out.push({ fields: split(text), line });
    // Small batches: rows die young (a scavenge frees them) whatever the chunk size.
    if (out.length === BATCH_LINES) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

/**
 * The records of a piece read by csv-parse (quoted fields may hold the delimiter, doubled quotes
 * and line breaks; CRLF, LF and CR all end a record), numbered on from `counter.line` by the line
 * each starts on; lines of blanks skipped. A malformed record is `PARSE_FAILED` naming its line.
 */
function* parsedRecords(piece: string, delimiter: string, counter: { line: number }): Generator<CsvRecord[]> {
  let records: string[][];
  try {
    records = parse(piece, { delimiter, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // An unclosed quote is in the piece's first record: every line break after it is quoted.
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') throw parseFailed(counter.line + 1, 'a quoted field opened on this line is not closed before the end of the file');
    throw parseFailed(counter.line + ((error as CsvError & { lines?: number }).lines ?? 1), error.message.replace(/ at line \d+/, ''));
  }
  let out: CsvRecord[] = [];
  for (const record of records) {
    const line = counter.line + 1;
    // The next record starts after this one's line breaks (CRLF, LF or a lone CR in its fields) and its end.
    let breaks = 0;
    for (const field of record) {
      for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) breaks++;
      for (let i = field.indexOf('\r'); i >= 0; i = field.indexOf('\r', i + 1)) if (field.charCodeAt(i + 1) !== 10) breaks++;
    }
    counter.line += 1 + breaks;
    if (record.length === 1 && (record[0] ?? '').trim() === '') continue; // an empty line or a line of blanks
    out.push({ fields: record, line });
    if (out.length === BATCH_LINES) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

/** Whitespace-separated records (runs of spaces or tabs; leading ones ignored); blank lines skipped. */
async function* whitespaceRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  const counter = { line: 0 };
  const split = (text: string): string[] => text.trim().split(/[ \t]+/);
  for await (const [piece] of pieces(chunks, false)) yield* splitRecords(piece, split, counter);
}

/**
 * RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks; empty
 * lines and lines of blanks are skipped. The text is cut into pieces at record ends (line breaks
 * outside quotes); a piece without quotes (nearly every transaction export has none, or only in
 * its header) is split at line breaks and the delimiter directly, which is exactly how RFC 4180
 * reads it and several times faster than a parser; a piece with quotes goes to csv-parse. A
 * record is numbered by the line it starts on; a malformed one becomes `PARSE_FAILED` naming its
 * line.
 */
async function* delimitedRecords(chunks: AsyncIterable<string>, delimiter: string): AsyncGenerator<CsvRecord[]> {
  const counter = { line: 0 };
  const split = (text: string): string[] => text.split(delimiter);
  for await (const [piece, parser] of pieces(chunks, true)) yield* parser ? parsedRecords(piece, delimiter, counter) : splitRecords(piece, split, counter);
}

/**
 * The longest first line (the header, or the first record of a file read with `columns`)
 * accepted, in characters: 65,536. The first line is read whole to choose the delimiter; a file
 * without a line break in its first 64 Ki characters is not a transaction table (a binary file,
 * a file of one huge line), and is refused at once instead of being read into memory.
 *
 * @example
 * ```ts
 * import { MAX_HEADER_LENGTH } from 'fidelis';
 * MAX_HEADER_LENGTH; // 65536
 * ```
 */
export const MAX_HEADER_LENGTH = 65_536;

/**
 * The records of a file, batch by batch. `delimiter` is `'auto'` (`,` `;` tab or `|` when the
 * first line has one, otherwise whitespace), `'whitespace'`, or one character; `onDelimiter`
 * learns the one used. A first line longer than {@link MAX_HEADER_LENGTH} is `PARSE_FAILED`.
 */
export async function* fileRecords(source: ChunkSource, delimiter: string, onDelimiter?: (delimiter: string) => void): AsyncGenerator<CsvRecord[]> {
  const iterator = texts(source)[Symbol.asyncIterator]();
  // The first line decides the delimiter: read until it is complete. Each chunk is searched
  // once (not the whole head again), so a long first line costs linear time, and it is bounded.
  const head: string[] = [];
  let length = 0;
  let done = false;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    head.push(next.value);
    const nl = next.value.indexOf('\n');
    if (nl >= 0) {
      if (length + nl > MAX_HEADER_LENGTH) throw longFirstLine(length + nl);
      break;
    }
    length += next.value.length;
    if (length > MAX_HEADER_LENGTH) throw longFirstLine(length);
  }
  const first = head.join('');
  if (first === '') return;
  const chunks = (async function* () {
    yield first;
    if (done) return;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  })();
  const d = delimiter === 'auto' ? detectDelimiter(first) : delimiter;
  onDelimiter?.(d);
  yield* d === 'whitespace' ? whitespaceRecords(chunks) : delimitedRecords(chunks, d);
}

function longFirstLine(length: number): FidelisError {
  return parseFailed(
    1,
    `the first line is longer than ${MAX_HEADER_LENGTH.toLocaleString('en-US')} characters (${length.toLocaleString('en-US')} read without a line break): not a transaction table`,
    { limit: MAX_HEADER_LENGTH },
  );
}

import { parse } from 'csv-parse';
import { AppError } from '../shared/errors';

/** Most data rows one file may hold. */
export const MAX_IMPORT_ROWS = 100_000;
/** The longest row a file may have, in characters (every field of the longest entry is far shorter). */
export const MAX_ROW_CHARACTERS = 1_000_000;

export type Separator = ',' | ';' | '\t';
const SEPARATORS: Separator[] = [',', ';', '\t'];
const SEPARATOR_NAMES: Record<Separator, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

export function separatorName(separator: Separator): string {
  return SEPARATOR_NAMES[separator];
}

/** A record of the file: its row as a spreadsheet numbers it (blank lines count), and its cells. */
export interface CsvRecord {
  row: number;
  cells: string[];
}

const fileError = (message: string, issue: string) =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ field: 'file', message: issue }] });

/** Decodes strict UTF-8 chunk by chunk (a character split across chunks is kept whole), refusing binary content. */
async function* utf8Text(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw fileError(
        'The file is not UTF-8 text: save it as "CSV UTF-8" and try again',
        'not UTF-8',
      );
    }
  };
  for await (const chunk of source) {
    const text = decode(chunk);
    if (text.includes('\u0000')) throw fileError('This is not a CSV file', 'binary content');
    if (text) yield text;
  }
  const rest = decode();
  if (rest) yield rest;
}

/**
 * The separator of the first lines: the candidate found the same number of times (at least
 * once) on the most lines, quotes respected; a comma when nothing tells.
 */
export function detectSeparator(sample: string): Separator {
  return pickSeparator(separatorCounts(sample));
}

/** A line's counts of each separator, and of "|" (which is not one: see openCsv). */
type LineCounts = Record<Separator | '|', number>;

/** The first 25 lines that hold any of them, each as its counts, quotes respected. */
function separatorCounts(sample: string): LineCounts[] {
  const lines: LineCounts[] = [];
  const none = (): LineCounts => ({ ',': 0, ';': 0, '\t': 0, '|': 0 });
  const any = (counts: LineCounts) => counts[','] + counts[';'] + counts['\t'] + counts['|'] > 0;
  let counts = none();
  let quoted = false;
  for (let index = 0; index < sample.length && lines.length < 25; index++) {
    const char = sample[index]!;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (any(counts)) lines.push(counts);
      counts = none();
    } else if (!quoted && (char === ',' || char === ';' || char === '\t' || char === '|'))
      counts[char]++;
  }
  if (any(counts)) lines.push(counts);
  return lines;
}

function pickSeparator(lines: LineCounts[]): Separator {
  let best: Separator = ',';
  let bestScore = 0;
  for (const separator of SEPARATORS) {
    const frequency = new Map<number, number>();
    for (const line of lines)
      if (line[separator] > 0)
        frequency.set(line[separator], (frequency.get(line[separator]) ?? 0) + 1);
    const score = Math.max(0, ...frequency.values());
    if (score > bestScore) [best, bestScore] = [separator, score];
  }
  return best;
}

/** "sep=;" (or a comma, a tab) alone on the first line, as Excel writes and reads it. */
const SEPARATOR_HINT = /^\uFEFF?sep=([,;\t])[ \t]*(\r\n|\n|\r)/i;

/**
 * Reads a CSV file as it arrives: strict UTF-8, the separator detected from the first
 * lines, every cell trimmed. Never holds more than the parser's buffer.
 */
export async function openCsv(
  source: AsyncIterable<Uint8Array>,
): Promise<{ separator: Separator; records: AsyncGenerator<CsvRecord> }> {
  const text = utf8Text(source);
  // Enough of the file to see its first lines; the rest streams behind it.
  let sample = '';
  const head: string[] = [];
  while (sample.length < 64 * 1024) {
    const next = await text.next();
    if (next.done) break;
    head.push(next.value);
    sample += next.value;
  }
  // Excel's hint of the separator ("sep=;" alone on the first line): taken, and not a row
  const hint = SEPARATOR_HINT.exec(sample);
  if (hint) {
    sample = sample.slice(hint[0].length);
    let cut = hint[0].length;
    while (cut > 0 && head.length > 0) {
      const first = head[0]!;
      head[0] = first.slice(cut);
      cut -= Math.min(cut, first.length);
      if (head[0] === '') head.shift();
    }
  }
  const lines = separatorCounts(sample);
  const separator = (hint?.[1] as Separator | undefined) ?? pickSeparator(lines);
  // the header holds "|" and none of the separators: columns this reader would not see
  const header = lines[0];
  if (header && SEPARATORS.every((each) => header[each] === 0) && header['|'] > 0)
    throw fileError(
      'The columns of this file are separated by "|": save it as CSV (columns separated by commas, semicolons or tabs) and try again',
      'columns separated by "|"',
    );
  async function* records(): AsyncGenerator<CsvRecord> {
    // Where the next record starts, as an editor numbers lines (a line break inside a quoted
    // cell counts once; csv-parse counts "\r\n" there twice), and the blank lines before it:
    // kept as the parser makes each record, since an error drops the records not yet read
    const position: RecordPosition = { line: 1, parserLine: 1, emptyLines: 0 };
    const parser = parse({
      // with `info`, csv-parse hands on_record the record and its info together
      on_record: (output: string[]) => {
        const { record, info } = output as unknown as {
          record: string[];
          info: { lines: number; empty_lines: number };
        };
        const line = position.line + info.empty_lines - position.emptyLines;
        position.line = line + 1 + lineBreaksIn(record);
        position.parserLine = info.lines + 1;
        position.emptyLines = info.empty_lines;
        return output;
      },
      bom: true,
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      // a row is never this long: a file of one 30 MB line held the parser's buffer (and the
      // error quoting it) in memory, enough to take the process down
      max_record_size: MAX_ROW_CHARACTERS,
    });
    // Backpressure: wait while the parser holds what the reader has not taken yet.
    const drained = () =>
      new Promise<void>((resolve) => {
        const done = () => {
          parser.off('drain', done).off('close', done);
          resolve();
        };
        parser.on('drain', done).on('close', done);
      });
    const feed = (async () => {
      try {
        for (const chunk of head) if (!parser.write(chunk)) await drained();
        for await (const chunk of text) {
          if (parser.destroyed) return;
          if (!parser.write(chunk)) await drained();
        }
        parser.end();
      } catch (error) {
        parser.destroy(error as Error);
      }
    })();
    let count = 0;
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: string[];
        info: { records: number; empty_lines: number };
      }>) {
        if (++count > MAX_IMPORT_ROWS + 25)
          throw fileError(
            `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows: split it`,
            'too many rows',
          );
        yield { row: info.records + info.empty_lines, cells: record.map((cell) => cell.trim()) };
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw csvError(error as CsvParseError, separator, position);
    } finally {
      parser.destroy();
      await feed;
    }
  }

  return { separator, records: records() };
}

/**
 * Where the next record starts (before the blank lines that come first): its line in an
 * editor, the same by csv-parse's count, and the blank lines read before it.
 */
interface RecordPosition {
  line: number;
  parserLine: number;
  emptyLines: number;
}

/** csv-parse's error, with what it knew when it stopped (counts are its own, columns 0-based). */
type CsvParseError = Error & {
  code?: string;
  /** records read whole before this one, blank lines skipped before it */
  records?: number;
  empty_lines?: number;
  /** the line it stopped on, by its own count */
  lines?: number;
  /** the cells of the record read before the one at fault (0-based: its column less one) */
  index?: number;
  /** the cell at fault so far, for an opening quote */
  field?: string;
};

/** The line breaks inside a record's cells ("\r\n" is one): it spans that many lines more. */
function lineBreaksIn(record: string[]): number {
  let breaks = 0;
  for (const cell of record)
    if (cell.includes('\n') || cell.includes('\r')) breaks += cell.match(/\r\n|\r|\n/g)!.length;
  return breaks;
}

/** A few characters of a cell, for a message (an error never repeats the file back). */
const excerpt = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * csv-parse's error in words a person can act on: the row as a spreadsheet numbers it, the
 * column counted from 1 (csv-parse counts from 0), and the line it starts on in an editor.
 * A quote that is never closed makes the rest of the file one cell; past the longest row
 * this was reported as a row too long, which sent people looking for the wrong fault.
 */
function csvError(error: CsvParseError, separator: Separator, position: RecordPosition): AppError {
  const row = (error.records ?? 0) + 1 + (error.empty_lines ?? 0);
  const line = position.line + (error.empty_lines ?? position.emptyLines) - position.emptyLines;
  const column = (error.index ?? 0) + 1;
  const where = `row ${row}, column ${column} (line ${line})`;
  const notCsv = (message: string, issue: string) =>
    fileError(
      `The file is not valid CSV (read with the ${separatorName(separator)} as separator): ${message}`,
      issue,
    );
  const unclosed = () =>
    notCsv(
      `a quote (") opened in ${where} is not closed, so the rest of the file reads as one cell. Close it, or write a quote inside a cell as two ("")`,
      `a quote not closed (line ${line})`,
    );
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return unclosed();
    case 'CSV_MAX_RECORD_SIZE': {
      // a line break inside a record is only ever inside quotes: an open quote ran on
      const startsOn = position.parserLine + (error.empty_lines ?? 0) - position.emptyLines;
      if ((error.lines ?? 0) > startsOn) return unclosed();
      return fileError(
        `Row ${row} is longer than ${MAX_ROW_CHARACTERS.toLocaleString('en')} characters (it starts on line ${line}): is this a CSV file (read with the ${separatorName(separator)} as separator)?`,
        'a row too long',
      );
    }
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return notCsv(
        `${where}: a quote (") inside a cell that does not start with one${error.field ? `, after ${excerpt(error.field)}` : ''}. Put the whole cell in quotes and write the quote as two ("")`,
        `a quote inside a cell (line ${line})`,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return notCsv(
        `${where}: a quoted cell goes on after its closing quote. Put the whole cell in quotes and write a quote inside it as two ("")`,
        `text after a closing quote (line ${line})`,
      );
    default:
      return notCsv(error.message, 'not valid CSV');
  }
}

/** The most data rows an import that holds its file whole (incidents, requests) takes at once. */
export const MAX_HELD_ROWS = 10_000;
/** ...and the most text of it (the upload limit is 64 MB, over 120 MB as JavaScript strings), */
export const MAX_HELD_CHARACTERS = 16 * 1024 * 1024;
/** ...and the most cells (a row of 6,000 empty cells is little text but a long array). */
export const MAX_HELD_CELLS = 1_000_000;

/**
 * Every record of a file, for an import that plans it whole: refused (as a file of more than
 * MAX_IMPORT_ROWS rows is, nothing imported) as soon as it passes MAX_HELD_ROWS rows (after
 * `headRows` of headers), MAX_HELD_CHARACTERS characters or MAX_HELD_CELLS cells, before
 * the rest is read, so one upload cannot take the API's memory. `what` names the import in
 * the message ("An incident import").
 */
export async function holdRecords(
  records: AsyncGenerator<CsvRecord>,
  headRows: number,
  what: string,
): Promise<CsvRecord[]> {
  const all: CsvRecord[] = [];
  let filled = 0;
  let characters = 0;
  let cells = 0;
  for await (const record of records) {
    all.push(record);
    if (record.cells.some(Boolean)) filled++;
    cells += record.cells.length;
    for (const cell of record.cells) characters += cell.length;
    const limit =
      filled > MAX_HELD_ROWS + headRows
        ? `${MAX_HELD_ROWS.toLocaleString('en')} rows`
        : characters > MAX_HELD_CHARACTERS
          ? `${MAX_HELD_CHARACTERS / 1024 / 1024} MB of text`
          : cells > MAX_HELD_CELLS
            ? `${MAX_HELD_CELLS.toLocaleString('en')} cells`
            : null;
    if (limit) {
      await records.return(undefined);
      throw fileError(
        `${what} takes at most ${limit} at once, and this file has more: split it and import each part (nothing was imported)`,
        `more than ${limit}`,
      );
    }
  }
  return all;
}

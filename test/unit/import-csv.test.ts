import { describe, expect, it } from 'vitest';
import { parseCsvImport, toCsvColumn, toStatementRecord } from '../../data/import/import.csv.js';
import { ImportError } from '../../data/import/import.errors.js';
import { detectImportFormat } from '../../data/import/import.file.js';
import { statementInput } from '../../data/import/import.schema.js';
import { formatProgressBar } from '../../data/import/import.summary.js';

/** The problems an ImportError carries, as "row N, field: message". */
function refusal(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportError) return error.problems.map((p) => `row ${p.row}, ${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the CSV to be refused');
}

describe('toStatementRecord (one CSV row onto the import record)', () => {
  it('nests speaker, organization, measure, meeting, source and position cells', () => {
    const record = toStatementRecord({
      id: 's1',
      text: 'Keep the officers.',
      kind: 'quote',
      stance: 'oppose',
      language: 'en',
      said_on: '2025-03-11',
      speaker_id: 'ana-diaz',
      speaker_name: 'Ana Diaz',
      role: 'principal',
      role_category: 'principal',
      organization_id: 'x-usd',
      organization_name: 'X Unified',
      organization_state: 'OR',
      measure_id: 'm1',
      measure_title: 'Resolution 1',
      meeting_id: 'mt1',
      meeting_title: 'Board meeting',
      meeting_date: '2025-03-11',
      source_id: 'src1',
      source_type: 'minutes',
      source_title: 'Minutes',
      source_url: 'https://example.org/m',
      char_start: '10',
      char_end: '28',
      time_start: '61.5',
      topics: 'budget; school-safety;',
      context: 'At the podium.',
    });
    expect(record).toEqual({
      id: 's1',
      text: 'Keep the officers.',
      kind: 'quote',
      stance: 'oppose',
      language: 'en',
      said_on: '2025-03-11',
      context: 'At the podium.',
      topics: ['budget', 'school-safety'],
      speaker: {
        id: 'ana-diaz',
        name: 'Ana Diaz',
        role: 'principal',
        role_category: 'principal',
        organization: { id: 'x-usd', name: 'X Unified', state: 'OR' },
      },
      measure: { id: 'm1', title: 'Resolution 1' },
      meeting: { id: 'mt1', title: 'Board meeting', date: '2025-03-11' },
      source: { id: 'src1', type: 'minutes', title: 'Minutes', url: 'https://example.org/m' },
      position: { char_start: 10, char_end: 28, time_start: 61.5 },
    });
    expect(statementInput.safeParse(record).success).toBe(true);
  });

  it('treats empty cells as absent, leaving out entities none of whose cells are filled', () => {
    const record = toStatementRecord({
      text: 'Words.',
      speaker_name: 'Ana Diaz',
      stance: '',
      measure_id: '',
      source_title: ' ',
      topics: '',
    });
    expect(record).toEqual({ text: 'Words.', speaker: { name: 'Ana Diaz' } });
    expect(statementInput.parse(record)).toMatchObject({ stance: 'unclear', measure: null, source: null, topics: [] });
  });

  it('leaves a bad number to the schema, so the error names the column', () => {
    expect(toStatementRecord({ text: 'x', speaker_name: 'A', char_start: 'ten' })).toMatchObject({
      position: { char_start: 'ten' },
    });
  });

  it('drops the apostrophe the export puts before a cell that would run as a formula', () => {
    expect(toStatementRecord({ text: "'=1+1 is not a formula", speaker_name: "'@ana" })).toMatchObject({
      text: '=1+1 is not a formula',
      speaker: { name: '@ana' },
    });
    expect(toStatementRecord({ text: "'Tis the season", speaker_name: 'A' })).toMatchObject({ text: "'Tis the season" });
  });

  it('names CSV columns, not record paths, in problems', () => {
    expect(toCsvColumn('speaker.organization.state')).toBe('organization_state');
    expect(toCsvColumn('said_on')).toBe('said_on');
    expect(toCsvColumn('topics.2')).toBe('topics');
    expect(toCsvColumn('speaker')).toBe('speaker_name');
    expect(toCsvColumn('source.type')).toBe('source_type');
  });
});

describe('parseCsvImport', () => {
  it('numbers each record by the line it starts on, the header being line 1', () => {
    const records = parseCsvImport('text,speaker_name\r\n"Two\nlines",A\r\n\r\nOne line,B\r\n');
    expect(records.map((r) => r.row)).toEqual([2, 5]);
    expect(records[0]?.value).toMatchObject({ text: 'Two\nlines' });
  });

  it("accepts the search export's column names and ignores its derived columns", () => {
    const [record] = parseCsvImport(
      'id,url,text,speaker_id,speaker,organization,measure,meeting,verified,said_on_precision,body,state\n' +
        's1,http://x/statements/s1,Words.,ana,Ana Diaz,X Unified,Resolution 1,Board meeting,true,unknown,X Unified,OR\n',
    );
    expect(record?.value).toEqual({
      id: 's1',
      text: 'Words.',
      speaker: { id: 'ana', name: 'Ana Diaz', organization: { name: 'X Unified' } },
      measure: { title: 'Resolution 1' },
      meeting: { title: 'Board meeting' },
    });
  });

  it('refuses an unknown column and a column given twice, naming them', () => {
    expect(refusal(() => parseCsvImport('text,speaker_name,mood\nx,A,happy\n'))).toEqual([
      'row 1, mood: is not a known column (see the CSV columns in the README)',
    ]);
    expect(refusal(() => parseCsvImport('text,speaker,speaker_name\nx,A,B\n'))).toEqual([
      'row 1, speaker_name: repeats the column speaker',
    ]);
  });

  it('refuses a file without a text column', () => {
    expect(refusal(() => parseCsvImport('id,speaker_name\n1,A\n'))).toEqual(['row 1, text: column is missing']);
  });

  it('names the line of broken quoting, of a quote never closed, and of a row with the wrong number of cells', () => {
    expect(refusal(() => parseCsvImport('text,speaker_name\nfine,A\nsaid "no" loudly,B\n'))[0]).toMatch(
      /^row 3, \(line\): has broken quoting/,
    );
    expect(refusal(() => parseCsvImport('text,speaker_name\nfine,A\n"never closed,B\nmore,C\n'))).toEqual([
      'row 3, (line): has a quoted cell that is never closed',
    ]);
    expect(refusal(() => parseCsvImport('text,speaker_name\nfine,A\nonly one cell\n'))).toEqual([
      'row 3, (line): has 1 cell; the header has 2',
    ]);
  });

  it('refuses an empty file', () => {
    expect(refusal(() => parseCsvImport(''))[0]).toMatch(/^row 1, \(file\): is empty/);
  });
});

describe('detectImportFormat', () => {
  it('goes by the extension, else by the first character', () => {
    expect(detectImportFormat('[{}]', 'a.csv')).toBe('csv');
    expect(detectImportFormat('{}', 'a.JSON')).toBe('json');
    expect(detectImportFormat('[{}]', 'a.jsonl')).toBe('ndjson');
    expect(detectImportFormat('\uFEFF  [{"text":"x"}]')).toBe('json');
    expect(detectImportFormat('{"text":"x"}\n{"text":"y"}')).toBe('ndjson');
    expect(detectImportFormat('id,text\n1,x')).toBe('csv');
  });
});

describe('formatProgressBar', () => {
  it('draws the share done as a bar, a percentage and a count', () => {
    expect(formatProgressBar(450, 1000)).toBe(`[${'#'.repeat(14)}${'-'.repeat(16)}] 45% 450/1000 rows`);
    expect(formatProgressBar(0, 3)).toBe(`[${'-'.repeat(30)}] 0% 0/3 rows`);
    expect(formatProgressBar(3, 3, 'statements')).toBe(`[${'#'.repeat(30)}] 100% 3/3 statements`);
    expect(formatProgressBar(0, 0)).toBe(`[${'#'.repeat(30)}] 100% 0/0 rows`);
  });
});

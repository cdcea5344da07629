// Meeting transcripts → stored text plus a map from character offsets to seconds. The stored
// text has one paragraph per speaker turn, "Speaker: words", so a turn's words are one
// contiguous span; each caption cue keeps its own offsets and times inside the turn.

export interface TranscriptCue {
  /** Offsets into the stored text of this cue's words. */
  char_start: number;
  char_end: number;
  /** Seconds from the start of the recording. */
  time_start: number;
  time_end: number | null;
  speaker: string | null;
}

export interface TranscriptText {
  text: string;
  cues: TranscriptCue[];
  /** Problems met while reading the captions, with the line they are on; no cue's words are dropped for them. */
  warnings: TranscriptWarning[];
}

export interface TranscriptWarning {
  line: number;
  message: string;
}

interface RawCue {
  start: number;
  end: number | null;
  speaker: string | null;
  words: string;
}

const TIMESTAMP = /(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?/;

function parseSeconds(stamp: string): number {
  const match = TIMESTAMP.exec(stamp);
  if (!match) return Number.NaN;
  const hours = Number(match[1] ?? 0);
  const fraction = match[4] ? Number(`0.${match[4].padEnd(3, '0')}`) : 0;
  return hours * 3600 + Number(match[2]) * 60 + Number(match[3]) + fraction;
}

/**
 * A speaker label at the start of a line: "MARIA LOPEZ:", "Trustee Garcia:", ">> SPEAKER 2:".
 * At most five words, starting with a capital, so that ordinary sentences with a colon
 * ("The vote was clear: 4 to 1") are not taken for labels.
 */
const LABEL =
  /^(?:>>\s*|-\s*)?((?:[\p{Lu}][\p{L}.'’-]*|\d+)(?:[ \t]+(?:[\p{Lu}][\p{L}.'’-]*|\d+|of|the|de|van|von|la|del)){0,5})(?:\s*\(([^)]{1,60})\))?:[ \t]+/u;

export function matchSpeakerLabel(line: string): { speaker: string; role: string | null; length: number } | null {
  const match = LABEL.exec(line);
  if (!match) return null;
  const label = (match[1] as string).trim();
  // Sentences start with one capitalised word; a label has either capitals throughout or
  // only capitalised words ("Dana Whitfield:"), never "The vote was clear:".
  const words = label.split(/\s+/);
  if (!words.every((word) => /^[\p{Lu}\d]/u.test(word) || /^(?:of|the|de|van|von|la|del)$/.test(word))) return null;
  return { speaker: label, role: match[2]?.trim() ?? null, length: match[0].length };
}

function stripCueMarkup(text: string): { words: string; voice: string | null } {
  let voice: string | null = null;
  const voiced = /<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(text);
  if (voiced) voice = (voiced[1] as string).trim();
  const words = text
    .replace(/<\d{2}:\d{2}[^>]*>/g, '')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { words, voice };
}

/** Speaker of a cue: a WebVTT voice tag, else a "NAME:" label in the words; the rest are the words. */
function toRawCue(start: number, end: number | null, text: string): RawCue {
  const { words, voice } = stripCueMarkup(text);
  if (voice) return { start, end, speaker: voice, words: words.replace(/^-\s*/, '') };
  const label = matchSpeakerLabel(words);
  if (label) return { start, end, speaker: label.speaker, words: words.slice(label.length).trim() };
  return { start, end, speaker: null, words: words.replace(/^(?:>>|-)\s*/, '') };
}

const CUE_TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})/;

/** A line meant as a timing line that does not parse: digits and colons with an arrow of sorts. */
const LOOKS_LIKE_TIMING = /^\s*[\d:.,]+\s*(?:-+>|–>|—>|=>|->|\s-\s)\s*[\d:.,]+/;
const HEADER_BLOCK = /^(?:WEBVTT|NOTE|STYLE|REGION)\b/;

/**
 * WebVTT and SRT share their shape: blocks separated by blank lines, a timing line, text lines.
 * A cue whose timing line is malformed keeps its words, without a time, and is reported with its
 * line number; so is a block of text with no timing line at all.
 */
function parseCueBlocks(source: string): { cues: RawCue[]; warnings: TranscriptWarning[] } {
  const cues: RawCue[] = [];
  const warnings: TranscriptWarning[] = [];
  const lines = source.split('\n');
  let blockStart = 0;
  const takeBlock = (from: number, to: number) => {
    const block = lines.slice(from, to);
    if (block.every((line) => line.trim() === '')) return;
    if (from === 0 && HEADER_BLOCK.test(block[0] as string)) return;
    if (HEADER_BLOCK.test(block[0] as string) && !block.some((line) => CUE_TIMING.test(line))) return;
    const timingAt = block.findIndex((line) => CUE_TIMING.test(line));
    if (timingAt >= 0) {
      const timing = CUE_TIMING.exec(block[timingAt] as string) as RegExpExecArray;
      const cue = toRawCue(
        parseSeconds(timing[1] as string),
        parseSeconds(timing[2] as string),
        block.slice(timingAt + 1).join(' '),
      );
      if (cue.words !== '') cues.push(cue);
      return;
    }
    const malformedAt = block.findIndex((line) => LOOKS_LIKE_TIMING.test(line));
    const textFrom = malformedAt >= 0 ? malformedAt + 1 : /^\d+\s*$/.test(block[0] as string) ? 1 : 0;
    const cue = toRawCue(Number.NaN, null, block.slice(textFrom).join(' '));
    if (cue.words === '') return;
    const line = from + (malformedAt >= 0 ? malformedAt : 0) + 1;
    warnings.push({
      line,
      message:
        malformedAt >= 0
          ? `line ${line}: malformed cue timing "${(block[malformedAt] as string).trim()}"; the cue's words are kept without a time`
          : `line ${line}: text with no cue timing; its words are kept without a time`,
    });
    cues.push(cue);
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      takeBlock(blockStart, i);
      blockStart = i + 1;
    }
  });
  takeBlock(blockStart, lines.length);
  return { cues, warnings };
}

export function parseWebVtt(source: string): TranscriptText {
  const { cues, warnings } = parseCueBlocks(normaliseNewlines(source));
  return { ...layOutTurns(cues), warnings };
}

export function parseSrt(source: string): TranscriptText {
  const { cues, warnings } = parseCueBlocks(normaliseNewlines(source));
  return { ...layOutTurns(cues), warnings };
}

const LEADING_TIME = /^\s*[[(]?((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?\s*/;

/**
 * Plain text with "NAME:" labels, optionally timestamped ("[00:12:31] NAME: …"). A line
 * without a label continues the current speaker's turn.
 */
export function parseLabelledTranscript(source: string): TranscriptText {
  const cues: RawCue[] = [];
  for (const rawLine of normaliseNewlines(source).split('\n')) {
    let line = rawLine.trim();
    if (line === '') continue;
    let start = Number.NaN;
    const time = LEADING_TIME.exec(line);
    if (time) {
      start = parseSeconds(time[1] as string);
      line = line.slice(time[0].length);
    }
    const label = matchSpeakerLabel(line);
    if (label) {
      cues.push({ start, end: null, speaker: label.speaker, words: line.slice(label.length).trim() });
    } else if (cues.length > 0 && Number.isNaN(start)) {
      const last = cues[cues.length - 1] as RawCue;
      last.words = `${last.words} ${line}`.trim();
    } else {
      cues.push({ start, end: null, speaker: cues.at(-1)?.speaker ?? null, words: line });
    }
  }
  // A timed line ends where the next one starts.
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i] as RawCue;
    const next = cues[i + 1];
    if (cue.end === null && next && !Number.isNaN(next.start)) cue.end = next.start;
  }
  return { ...layOutTurns(cues), warnings: [] };
}

/** Looks like a labelled transcript: most non-empty lines start with a speaker label. */
export function looksLikeLabelledTranscript(source: string): boolean {
  const lines = normaliseNewlines(source)
    .split('\n')
    .map((line) => line.trim().replace(LEADING_TIME, ''))
    .filter((line) => line !== '');
  if (lines.length < 3) return false;
  const labelled = lines.filter((line) => matchSpeakerLabel(line) !== null).length;
  return labelled >= 3 && labelled / lines.length >= 0.4;
}

export function normaliseNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * One paragraph per turn. A cue without a speaker continues the previous speaker's turn
 * (captions label a voice when it changes, not on every line).
 */
function layOutTurns(raw: readonly RawCue[]): Omit<TranscriptText, 'warnings'> {
  let text = '';
  const cues: TranscriptCue[] = [];
  let speaker: string | null = null;
  let turnOpen = false;
  for (const cue of raw) {
    const changes = cue.speaker !== null && cue.speaker !== speaker;
    if (changes || !turnOpen) {
      if (changes) speaker = cue.speaker;
      if (text !== '') text += '\n\n';
      if (speaker !== null) text += `${speaker}: `;
      turnOpen = true;
    } else {
      text += ' ';
    }
    const start = text.length;
    text += cue.words;
    cues.push({
      char_start: start,
      char_end: text.length,
      time_start: Number.isNaN(cue.start) ? Number.NaN : cue.start,
      time_end: cue.end === null || Number.isNaN(cue.end) ? null : cue.end,
      speaker,
    });
  }
  return { text, cues };
}

/** Seconds at which the words at [start, end) are spoken: the first cue's start to the last cue's end. */
export function timeSpanAt(
  cues: readonly TranscriptCue[],
  start: number,
  end: number,
): { time_start: number; time_end: number | null } | null {
  const overlapping = cues.filter((cue) => cue.char_start < end && cue.char_end > start && !Number.isNaN(cue.time_start));
  const first = overlapping[0];
  const last = overlapping[overlapping.length - 1];
  if (!first || !last) return null;
  return { time_start: first.time_start, time_end: last.time_end };
}

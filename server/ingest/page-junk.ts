// Page junk in captured news pages: section headers of teaser blocks, ad markers, newsletter
// boxes, teaser bylines. Shared by the HTML converter (to drop it from the stored text) and the
// quote extractor (plain-text captures keep their junk, so the extractor must skip it).

/** A paragraph that is only one of these words starts a block of teasers or other non-article matter. */
// prettier-ignore
const SECTION_HEADERS = new RegExp(
  '^(?:related(?: (?:articles?|stories|content|coverage|links|news|posts|reading|videos?))?|featured(?: (?:articles?|stories|content))?'
  + '|more (?:stories|news|from [^.!?]{1,40}|coverage|headlines)|recommended(?: for you| stories| reading)?|trending(?: now| stories)?'
  + '|(?:most )?popular(?: stories| now)?|most read|you (?:may|might) also like|read next|up next|latest(?: news| stories| headlines)?'
  + '|also on [^.!?]{1,40}|sponsored(?: content| stories)?|about the authors?|top stories|in other news|editor\'?s picks|watch more'
  + '|what to read next|don\'?t miss|around the web|from around the web|share this(?: story| article)?|tags|topics|comments)\\s*:?$',
  'i');

/** Whole paragraphs that are never article text. */
const JUNK_LINES = [
  /^(?:advertisement|ad|sponsored|story continues (?:below|after) (?:this )?(?:advertisement|ad)|continue reading(?: below)?|skip ad)$/i,
  /^(?:read now|read more|show more|load more|see more|view all|more|click here|watch|watch now|listen|share|tweet|email|print)\.?$/i,
  /^(?:sign up|subscribe)\b.{0,200}$/i,
  /\b(?:sign up|subscribe|get)\b.{0,80}\bnewsletters?\b|\bnewsletters?\b.{0,80}\b(?:sign up|subscribe|inbox)\b|delivered to your inbox/i,
  /^(?:copyright|©|\(c\)) /i,
  /^(?:all rights reserved|terms of (?:use|service)|privacy policy|cookie (?:policy|settings))\b/i,
  /^(?:photo|image|video|credit|file photo)(?: by| credit)?:/i,
  /^(?:follow us|follow [^ ]+ on (?:twitter|x|facebook|instagram))\b/i,
  /^this is an archived article\b/i,
  /^(?:report a typo|send us a tip|got a news tip)\b/i,
  // TV and web banners and teasers: "BREAKING: …", "WATCH: … (video, 2:31)", "LIVE UPDATES: …".
  /^(?:breaking(?: news)?|developing|just in|live updates|watch(?: live)?|video|listen)\s*[:|–—]\s+/i,
];

/** "By Heidi July 29, 2025": a teaser's byline and date. */
const TEASER_BYLINE =
  /^by [\p{Lu}][\p{L}.'’-]*(?: [\p{Lu}][\p{L}.'’-]*){0,3},? (?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2}\/\d{1,2}\/\d{2,4})$/iu;

/** A teaser ends with a call to read it. */
const TEASER_END = /(?:read now|read more|continue reading|keep reading|full story)\s*(?:»|›|→|>>)?\s*$/i;

function isJunkLine(line: string): boolean {
  const trimmed = line.trim().replace(/^[•·▪\-*]\s*/, '');
  if (trimmed === '') return false;
  return JUNK_LINES.some((pattern) => pattern.test(trimmed)) || TEASER_BYLINE.test(trimmed) || TEASER_END.test(trimmed);
}

export function isSectionHeader(paragraph: string): boolean {
  return SECTION_HEADERS.test(paragraph.trim());
}

/** A paragraph that is junk on its own: an ad marker, a newsletter box, a teaser, a list of teaser bylines. */
export function isJunkParagraph(paragraph: string): boolean {
  const lines = paragraph
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return false;
  // A header line on top ("Most Popular" over a list of teasers) makes the whole block junk.
  if (isSectionHeader(lines[0] as string)) return true;
  if (lines.length === 1) return isJunkLine(lines[0] as string);
  // A multi-line block (a list of teasers captured as text) is junk when several of its lines are.
  const junkLines = lines.filter((line) => isJunkLine(line)).length;
  return junkLines >= 2 || junkLines / lines.length >= 0.5;
}

/** Is this paragraph ordinary prose (a long sentence), which ends a run of teasers? */
function isProse(paragraph: string): boolean {
  const words = paragraph.trim().split(/\s+/).length;
  return words >= 30 && /[.!?]["”’)]?$/.test(paragraph.trim()) && !TEASER_END.test(paragraph.trim());
}

/**
 * Which paragraphs are junk. A section header ("Related", "Featured", "About the Author") past
 * the middle of the page starts a tail of junk that runs to the end; earlier, it takes the short
 * teaser paragraphs after it until ordinary prose resumes.
 */
export function findJunkParagraphs(paragraphs: readonly string[]): boolean[] {
  const junk = paragraphs.map((paragraph) => isJunkParagraph(paragraph));
  const total = paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0);
  let seen = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    const paragraph = paragraphs[i] as string;
    if (isSectionHeader(paragraph.trim().split('\n')[0] ?? '')) {
      if (seen >= total * 0.5) {
        for (let j = i; j < paragraphs.length; j++) junk[j] = true;
        break;
      }
      junk[i] = true;
      for (let j = i + 1; j < paragraphs.length && !isProse(paragraphs[j] as string); j++) junk[j] = true;
    }
    seen += paragraph.length;
  }
  return junk;
}

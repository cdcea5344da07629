// Q&A interviews: "Q:" paragraphs are the interviewer's, "A:" paragraphs the interviewee's words,
// verbatim though unquoted. Each answer paragraph is a quote (an answer running on into an
// unlabelled paragraph gives one quote per paragraph); the speaker is the person the introduction
// names most often before the first question.
import type { PeopleIndex } from './quote-extractor.people.js';
import type { Paragraph } from './quote-extractor.text.js';

export interface QaAnswer {
  text: string;
  speaker: string | null;
  role: string | null;
  char_start: number;
  char_end: number;
  kind: 'quote';
  confidence: number;
  evidence: string;
}

const Q_LABEL = /^(?:Q|Question|QUESTION)\s*[:.]\s+/;
const A_LABEL = /^(?:A|Answer|ANSWER)\s*[:.]\s+/;
/** "BRASK:", "Brask:", "Yolanda Brask:": a speaker's label opening a paragraph. */
const NAME_LABEL = /^(\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){0,2})\s*:\s+/u;

const INTERVIEW = /\b(?:Q&A|Q & A|interview(?:ed)?|conversation|spoke with|talked with|sat down with)\b/i;

interface Labels {
  question: RegExp;
  /** null: the answers carry no label, every paragraph after a question answers it. */
  answer: RegExp | null;
  /** The interviewee, when the answers carry their name. */
  labelled: string | null;
}

/**
 * The labels of the interview: Q/A (or Question/Answer), or two names taking turns ("RAMAN:" and
 * "BRASK:"), the interviewee being the one who speaks at greater length.
 */
function labelsOf(bodies: readonly string[]): Labels | null {
  const questions = bodies.filter((b) => Q_LABEL.test(b)).length;
  const answers = bodies.filter((b) => A_LABEL.test(b)).length;
  if (questions >= 2 && answers >= 2) return { question: Q_LABEL, answer: A_LABEL, labelled: null };
  // Many Q&As label only the questions (often in bold); the answer is what follows each.
  if (questions >= 2 && answers === 0) return { question: Q_LABEL, answer: null, labelled: null };
  // Named turns are an interview only where the page says so (minutes label speakers too).
  if (!bodies.some((b) => INTERVIEW.test(b))) return null;
  const turns = new Map<string, { count: number; length: number }>();
  for (const body of bodies) {
    const label = NAME_LABEL.exec(body)?.[1];
    if (!label || /^(?:Q|A|Note|Editor|Update|Correction|Contact|Photo|Source|Caption|Related|Read|Watch)$/i.test(label))
      continue;
    const turn = turns.get(label) ?? { count: 0, length: 0 };
    turn.count++;
    turn.length += body.length;
    turns.set(label, turn);
  }
  const regular = [...turns.entries()].filter(([, t]) => t.count >= 2);
  if (regular.length !== 2) return null;
  const [interviewer, interviewee] = regular.sort((a, b) => a[1].length / a[1].count - b[1].length / b[1].count) as [
    [string, unknown],
    [string, unknown],
  ];
  const escape = (label: string) => label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    question: new RegExp(`^${escape(interviewer[0])}\\s*:\\s+`),
    answer: new RegExp(`^${escape(interviewee[0])}\\s*:\\s+`),
    labelled: interviewee[0],
  };
}

/** "BRASK" → "Brask": a label in capitals as the name is written in the text. */
function asWritten(label: string): string {
  return label.replace(/\p{Lu}+/gu, (word) => (word.length > 1 ? word[0] + word.slice(1).toLowerCase() : word));
}

/** The answers of a Q&A article, or none when the article is not one (fewer than two of each label). */
export function findQaAnswers(text: string, paragraphs: readonly Paragraph[], people: PeopleIndex): QaAnswer[] {
  const bodies = paragraphs.map((p) => text.slice(p.start, p.end));
  const labels = labelsOf(bodies);
  if (!labels) return [];
  const QUESTION = labels.question;
  const ANSWER = labels.answer;
  const firstQuestion = paragraphs[bodies.findIndex((b) => QUESTION.test(b))] as Paragraph;
  const counts = new Map<string, number>();
  for (const mention of people.mentions) {
    // The byline and photo credits name the interviewer and the photographer ("By Priya Raman-Holt").
    if (/\bby\s+$/i.test(text.slice(Math.max(0, mention.start - 4), mention.start))) continue;
    if (mention.start < firstQuestion.start) counts.set(mention.name, (counts.get(mention.name) ?? 0) + 1);
  }
  const fromLabel = labels.labelled ? people.resolve(asWritten(labels.labelled), firstQuestion.start) : null;
  const speaker =
    (fromLabel && fromLabel.includes(' ') ? fromLabel : null) ??
    [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ??
    fromLabel;
  const surname = speaker?.split(' ').at(-1);
  const found: QaAnswer[] = [];
  let inAnswer = false;
  paragraphs.forEach((paragraph, i) => {
    const body = bodies[i] as string;
    if (paragraph.junk) return;
    if (QUESTION.test(body)) {
      // Unlabelled answers start with the paragraph after the question.
      inAnswer = ANSWER === null;
      return;
    }
    const label = ANSWER?.exec(body) ?? null;
    // After the interview the article resumes in its own voice ("Brask said she plans …").
    const resumes = surname !== undefined && new RegExp(`\\b${surname}\\b`).test(body) && /\b(?:said|says)\b/.test(body);
    if (!label && (!inAnswer || resumes)) {
      inAnswer = false;
      return;
    }
    inAnswer = true;
    const start = paragraph.start + (label?.[0].length ?? 0);
    found.push({
      text: text.slice(start, paragraph.end),
      speaker,
      role: speaker ? (people.roles.get(speaker) ?? null) : null,
      char_start: start,
      char_end: paragraph.end,
      kind: 'quote',
      confidence: speaker ? 0.75 : 0.3,
      evidence: label
        ? `Q&A answer (“${label[0].trim()}”), interviewee named in the introduction`
        : ANSWER === null
          ? 'Q&A answer (the paragraph after a question), interviewee named in the introduction'
          : 'Q&A answer continued',
    });
  });
  return found;
}

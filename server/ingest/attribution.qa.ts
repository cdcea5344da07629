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

const QUESTION = /^Q[:.]\s+/;
const ANSWER = /^A[:.]\s+/;

/** The answers of a Q&A article, or none when the article is not one (fewer than two of each label). */
export function findQaAnswers(text: string, paragraphs: readonly Paragraph[], people: PeopleIndex): QaAnswer[] {
  const bodies = paragraphs.map((p) => text.slice(p.start, p.end));
  const questions = bodies.filter((b) => QUESTION.test(b)).length;
  const answers = bodies.filter((b) => ANSWER.test(b)).length;
  if (questions < 2 || answers < 2) return [];
  const firstQuestion = paragraphs[bodies.findIndex((b) => QUESTION.test(b))] as Paragraph;
  const counts = new Map<string, number>();
  for (const mention of people.mentions) {
    if (mention.start < firstQuestion.start) counts.set(mention.name, (counts.get(mention.name) ?? 0) + 1);
  }
  const speaker = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const surname = speaker?.split(' ').at(-1);
  const found: QaAnswer[] = [];
  let inAnswer = false;
  paragraphs.forEach((paragraph, i) => {
    const body = bodies[i] as string;
    if (paragraph.junk) return;
    if (QUESTION.test(body)) {
      inAnswer = false;
      return;
    }
    const label = ANSWER.exec(body);
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
      evidence: label ? `Q&A answer (“${label[0].trim()}”), interviewee named in the introduction` : 'Q&A answer continued',
    });
  });
  return found;
}

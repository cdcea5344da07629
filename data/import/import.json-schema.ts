import { z } from 'zod';
import {
  id,
  measureInput,
  meetingInput,
  organizationInput,
  partialDate,
  positionInput,
  sourceInput,
  speakerInput,
  statementInput,
} from './import.schema.js';

// data/import.schema.json, the import format for people and tools outside the app, is generated
// from the zod schema the importer enforces (`npm run schema`), never edited by hand. Zod leaves
// out what it cannot say in JSON Schema (refinements such as "needs an id or a name"); the
// documentation below adds those, and the descriptions, to the nodes they belong to.

type Docs = { id?: string; description?: string; anyOf?: { required: string[] }[]; pattern?: string };

const needsOneOf = (...fields: string[]) => fields.map((field) => ({ required: [field] }));

/** Descriptions, $defs names and the "needs one of" rules, by zod schema. */
function documentation(): z.core.$ZodRegistry<Docs> {
  const docs = z.registry<Docs>();
  const statement = statementInput.shape;
  const speaker = speakerInput.shape;
  const organization = organizationInput.shape;
  const source = sourceInput.shape;
  docs.add(id, { description: 'Stable, short, URL-safe id; kept as given.' });
  docs.add(partialDate, {
    id: 'partialDate',
    description: 'YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date); the precision follows from the form.',
  });
  docs.add(organizationInput, {
    id: 'organization',
    description: 'Matched by id (or, without an id, by name), else created; needs an id or a name.',
    anyOf: needsOneOf('id', 'name'),
  });
  docs.add(organization.state, { description: 'Two-letter state code.' });
  docs.add(organization.ocd_id, {
    description:
      'Open Civic Data division id, from the official US list (data/ocd/README.md), e.g. ocd-division/country:us/state:ca/county:san_joaquin/school_district:stockton_unified.',
  });
  docs.add(speakerInput, {
    id: 'speaker',
    description: 'A person (or, with type organization, an organization speaking collectively); needs an id or a name.',
    anyOf: needsOneOf('id', 'name'),
  });
  docs.add(speaker.role, { description: 'The role as the source words it.' });
  docs.add(measureInput, { id: 'measure', anyOf: needsOneOf('id', 'title') });
  docs.add(meetingInput, { id: 'meeting', anyOf: needsOneOf('id', 'title') });
  docs.add(sourceInput, {
    id: 'source',
    description: 'Needs an id, a title or a url; a new source needs a type.',
    anyOf: needsOneOf('id', 'title', 'url'),
  });
  // Zod says "a URL"; that it must be http(s) is the protocol check, which JSON Schema cannot name otherwise.
  docs.add(source.url, { pattern: '^https?://' });
  docs.add(source.text, { description: "The source's stored text, for verbatim checks and context." });
  docs.add(positionInput, {
    id: 'position',
    description: 'Where the words are in the source: character offsets into its text, or seconds into audio/video.',
  });
  docs.add(statement.text, { description: 'The words, verbatim for a quote. Trimmed; 1 to 20,000 characters.' });
  docs.add(statement.stance, { description: "Toward the statement's measure." });
  docs.add(statement.also_in, { description: 'Further sources that carry the same words.' });
  docs.add(statement.topics, { description: 'Topic slugs from data/topics.json; an unknown slug refuses the import.' });
  return docs;
}

/** The JSON Schema of one import record (a Statement), as data/import.schema.json holds it. */
export function toImportJsonSchema(): Record<string, unknown> {
  // io 'input': what a file may say (defaults make a field optional), not what the importer makes of it.
  const generated = z.toJSONSchema(statementInput, { io: 'input', target: 'draft-2020-12', metadata: documentation() });
  // Zod 4.6 leaves out the default of an array whose items contain a transform (also_in's
  // positions); the importer applies it, so the document says it.
  const alsoIn = generated.properties?.also_in;
  if (alsoIn && typeof alsoIn === 'object') alsoIn.default = [];
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'On Record import record (one Statement)',
    description:
      'One statement as `onrecord import` and /admin/import read it: an element of a JSON array, or one line of NDJSON. ' +
      "It is the Statement JSON of the API (SPEC §4); the export's read-only fields (url, verified, said_on_precision, " +
      'corrections, created_at, updated_at, ...) are accepted and ignored. Speaker, organization, measure, meeting and source ' +
      'are matched by id, or created from their fields. Generated from data/import/import.schema.ts (zod), which is what the ' +
      'importer enforces: run `npm run schema` after changing it.',
    ...rest,
  };
}

/** The file's text: what `npm run schema` writes and the test compares. */
export function formatImportJsonSchema(): string {
  return `${JSON.stringify(toImportJsonSchema(), null, 2)}\n`;
}

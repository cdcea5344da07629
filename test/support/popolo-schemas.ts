import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator, type Schema } from 'jsonschema';

/**
 * The official popolo-spec JSON schemas (draft-03, vendored in test/fixtures/popolo-schemas) and
 * a validator for a Popolo export: each list's objects against its schema. `sources` and `topics`
 * are On Record's own lists, which Popolo has no schema for.
 */
const DIR = join(import.meta.dirname, '../fixtures/popolo-schemas');
const BASE = 'http://www.popoloproject.com/schemas/';
const LISTS: Record<string, string> = {
  persons: 'person',
  organizations: 'organization',
  memberships: 'membership',
  events: 'event',
  motions: 'motion',
  speeches: 'speech',
};

export function createPopoloValidator(): (document: Record<string, unknown>) => string[] {
  const validator = new Validator();
  const schemas = new Map<string, Schema>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Schema;
    validator.addSchema(schema, `${BASE}${file}#`);
    schemas.set(file.replace(/\.json$/, ''), schema);
  }
  return (document) => {
    const violations: string[] = [];
    for (const [list, name] of Object.entries(LISTS)) {
      const items = document[list];
      if (!Array.isArray(items)) {
        violations.push(`${list}: missing`);
        continue;
      }
      items.forEach((item, index) => {
        const result = validator.validate(item, schemas.get(name)!, { nestedErrors: true });
        for (const error of result.errors)
          violations.push(`${list}[${index}]${error.property.slice('instance'.length)}: ${error.message}`);
      });
    }
    return violations;
  };
}

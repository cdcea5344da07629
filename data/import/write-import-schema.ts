// `npm run schema`: writes data/import.schema.json from the zod import schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';
import { formatImportJsonSchema } from './import.json-schema.js';

const file = join(projectRoot, 'data/import.schema.json');
writeFileSync(file, formatImportJsonSchema());
console.log(`wrote ${file}`);

// TEMPORARY import path: deleted with ../legacy-repositories.ts once callers use the entity repositories.
export { createEntityMatchRepository } from '../legacy-repositories.js';

// Compatibility only: loading the seed moved to server/services/seed.service.ts. Kept for
// server/runtime.ts and read-side tests; delete once they import from there.
export { loadSeed, loadSeedIfNew, syncTopics } from '../../server/services/seed.service.js';

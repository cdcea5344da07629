// Compatibility only: statement editing moved to server/services/statement-editing.service.ts.
// Kept for a browser test outside the write side; delete once it imports from there.
export { correctStatement } from '../services/statement-editing.service.js';

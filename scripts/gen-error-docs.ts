/** Writes docs/errors.md from the catalogue in src/errors.ts (`npm run docs:errors`). */
import { writeFileSync } from 'node:fs';
import { errorCatalogueMarkdown } from '../src/errors.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), errorCatalogueMarkdown());

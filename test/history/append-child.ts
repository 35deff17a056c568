/**
 * A second process for test/history/concurrent.test.ts: appends the synthetic reports of days
 * FIRST..LAST (tag TAG, SIZE packages) to history file DB through the library, one after another.
 * Usage: node --import tsx test/history/append-child.ts DB TAG SIZE FIRST LAST
 */
import { appendReport } from '../../src/history/store.js';
import { syntheticReport } from './synthetic.js';

const [db, tag, size, first, last] = process.argv.slice(2);
for (let day = Number(first); day <= Number(last); day++) await appendReport(db, syntheticReport(Number(size), day, tag));

import { describe, expect, it } from 'vitest';
import { applySet, restoreSetPaths } from './set-paths.js';

describe('a $set of dotted paths, as the embedded adapter reads it without asking the database', () => {
  it('leaves the document as the database would, and the original untouched', () => {
    const document = { _id: 't1', version: 4, sla: { dueAt: new Date('2026-03-02T10:00:00Z'), breached: false }, subject: 'تجديد المكتب' };
    const after = applySet(document, { 'sla.breached': true, 'sla.firstRespondedAt': undefined, version: 5 });
    expect(after).toEqual({ _id: 't1', version: 5, sla: { dueAt: new Date('2026-03-02T10:00:00Z'), breached: true, firstRespondedAt: null }, subject: 'تجديد المكتب' });
    expect(document.sla).toEqual({ dueAt: new Date('2026-03-02T10:00:00Z'), breached: false });
  });

  it('is undone by putting back what each path held, and removing what was not there', () => {
    const overwritten = { _id: 't1', version: 5, sla: { breached: false } };
    expect(restoreSetPaths(overwritten, { 'sla.breached': true, 'sla.firstRespondedAt': new Date(), version: 5 })).toEqual({
      $set: { 'sla.breached': false, version: 5 },
      $unset: { 'sla.firstRespondedAt': '' },
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributeNameProblem, normalizeTags, tagProblem } from '../src/contacts.ts';

describe('contact fields', () => {
  it('accepts tags in any script and refuses blank or odd ones', () => {
    assert.equal(tagProblem('vip'), null);
    assert.equal(tagProblem('lead: web'), null);
    assert.equal(tagProblem('clientes-España'), null);
    assert.match(tagProblem(' leading') ?? '', /starts with/);
    assert.match(tagProblem('a;b') ?? '', /holds letters/);
    assert.match(tagProblem('x'.repeat(51)) ?? '', /at most 50/);
  });

  it('accepts attribute names usable as template variables', () => {
    assert.equal(attributeNameProblem('order_id'), null);
    assert.match(attributeNameProblem('1st') ?? '', /starts with a letter/);
    assert.match(attributeNameProblem('first name') ?? '', /holds letters/);
  });

  it('normalizes tags: trimmed, one space, no duplicates in any case', () => {
    assert.deepEqual(normalizeTags([' VIP ', 'vip', 'lead   web', '', 'Lead web']), [
      'VIP',
      'lead web',
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessAddressColumn, guessVariableColumn, headerNames } from '../src/csv.ts';

describe('guessAddressColumn', () => {
  it('finds the number or user id column by its name, or none', () => {
    assert.equal(guessAddressColumn(['Name', 'Mobile phone', 'Tags']), 'Mobile phone');
    assert.equal(guessAddressColumn(['to', 'body_1']), 'to');
    assert.equal(guessAddressColumn(['Customer', 'BSUID']), 'BSUID');
    assert.equal(guessAddressColumn(['who', 'what']), null);
  });
});

describe('guessVariableColumn', () => {
  it('takes the column named like the variable’s key or its placeholder', () => {
    const columns = headerNames(['Phone', '1', 'first_name', '']);
    assert.deepEqual(columns, ['Phone', '1', 'first_name', 'Column 4']);
    assert.equal(guessVariableColumn(columns, { key: 'body_1', name: '1' }), '1');
    assert.equal(
      guessVariableColumn(columns, { key: 'body_first_name', name: 'first_name' }),
      'first_name',
    );
    assert.equal(guessVariableColumn(columns, { key: 'header_1', name: '1x' }), null);
  });
});

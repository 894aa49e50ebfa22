import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGraphId, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../src/fields.ts';
import { replaceTemplatePlaceholders, templatePlaceholders } from '../src/templates.ts';

describe('field rules', () => {
  it('takes numeric Graph ids of 5 to 25 digits', () => {
    assert.equal(isGraphId('106540352242922'), true);
    assert.equal(isGraphId(' 12345 '), true);
    assert.equal(isGraphId('1234'), false);
    assert.equal(isGraphId('1'.repeat(26)), false);
    assert.equal(isGraphId('10654035224292a'), false);
  });

  it('asks for passwords of 8 to 128 characters', () => {
    assert.deepEqual([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH], [8, 128]);
  });
});

describe('template placeholders', () => {
  it('lists positional and named placeholders once, in order', () => {
    assert.deepEqual(templatePlaceholders('Hi {{1}}, order {{ 2 }} for {{1}}'), ['1', '2']);
    assert.deepEqual(templatePlaceholders('{{first_name}}: {{order_id}}'), [
      'first_name',
      'order_id',
    ]);
    assert.deepEqual(templatePlaceholders('{{}} {{a-b}} { {1} }'), []);
    assert.deepEqual(templatePlaceholders(undefined), []);
  });

  it('replaces each placeholder with its value', () => {
    const values: Record<string, string> = { '1': 'Ada' };
    assert.equal(
      replaceTemplatePlaceholders('Hi {{ 1 }}, {{2}}', (name, written) => values[name] ?? written),
      'Hi Ada, {{2}}',
    );
  });
});

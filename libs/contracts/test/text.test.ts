import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { charCount, shortenText } from '../src/text.ts';

describe('charCount', () => {
  it('counts an emoji as one character, like WhatsApp', () => {
    assert.equal(charCount('Hi 👋'), 4);
    assert.equal('Hi 👋'.length, 5);
    assert.equal(charCount(''), 0);
  });
});

describe('shortenText', () => {
  it('leaves a text that fits as it is', () => {
    assert.equal(shortenText('Where is my order?', 18), 'Where is my order?');
    assert.equal(shortenText('🙂'.repeat(10), 10), '🙂'.repeat(10));
  });

  it('cuts a longer one to the limit, ellipsis included', () => {
    const cut = shortenText('a'.repeat(150), 100);
    assert.equal(cut, `${'a'.repeat(99)}…`);
    assert.equal(charCount(cut), 100);
  });

  it('drops the spaces before the ellipsis', () => {
    assert.equal(shortenText('Your order has shipped today', 16), 'Your order has…');
  });

  it('never splits what people see as one character', () => {
    // A family (7 code points joined by zero-width joiners), a flag (2), a thumb with a skin tone (2).
    const family = '👨‍👩‍👧‍👦';
    assert.equal(shortenText(`ab${family}cd`, 8), 'ab…');
    assert.equal(shortenText('🇳🇱🇳🇱🇳🇱', 4), '🇳🇱…');
    assert.equal(shortenText('👍🏽👍🏽👍🏽', 4), '👍🏽…');
    assert.equal(shortenText('éééé'.normalize('NFD'), 4), 'é'.normalize('NFD') + '…');
  });
});

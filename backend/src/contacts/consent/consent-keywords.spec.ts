import {
  DEFAULT_OPT_IN_KEYWORDS,
  DEFAULT_OPT_OUT_KEYWORDS,
  keywordForm,
  keywordIntent,
} from './consent-keywords.js';

const defaults = { optOut: DEFAULT_OPT_OUT_KEYWORDS, optIn: DEFAULT_OPT_IN_KEYWORDS };

describe('consent keywords', () => {
  it.each(['STOP', 'stop', '  Stop! ', 'Unsubscribe.', 'Arrêt', 'baja', 'STOPP 🙏'])(
    'reads %j as an opt-out',
    (text) => {
      expect(keywordIntent(text, defaults)).toBe('opt_out');
    },
  );

  it.each(['START', 'start', 'Démarrer', 'Alta'])('reads %j as an opt-in', (text) => {
    expect(keywordIntent(text, defaults)).toBe('opt_in');
  });

  it('needs the keyword to be the whole message', () => {
    expect(keywordIntent('Please do not stop my order', defaults)).toBeNull();
    expect(keywordIntent('stop it', defaults)).toBeNull();
    expect(keywordIntent('', defaults)).toBeNull();
  });

  it("uses the organization's own lists", () => {
    const own = { optOut: ['Basta'], optIn: ['Ancora'] };
    expect(keywordIntent('basta!', own)).toBe('opt_out');
    expect(keywordIntent('STOP', own)).toBeNull();
    expect(keywordIntent('ancora', own)).toBe('opt_in');
  });

  it('compares upper case without accents or surrounding punctuation', () => {
    expect(keywordForm(' ¡Baja ya! ')).toBe('BAJA YA');
  });
});

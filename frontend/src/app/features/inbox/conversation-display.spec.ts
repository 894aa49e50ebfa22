import {
  contactAddress,
  contactName,
  formatTimeLeft,
  initials,
  recipientOf,
  windowState,
} from './conversation-display';

const contact = {
  id: 'c1',
  wa_id: '15550101234',
  user_id: null,
  profile_name: 'Grace Hopper',
  name: null,
  consent_state: 'unknown' as const,
};

describe('conversation display', () => {
  it('names a contact by the business’s name, else profile name, else number, else user id', () => {
    expect(contactName(contact)).toBe('Grace Hopper');
    expect(contactName({ ...contact, name: 'Grace (ACME)' })).toBe('Grace (ACME)');
    expect(contactAddress(contact)).toBe('+15550101234');
    expect(contactName({ ...contact, profile_name: ' ' })).toBe('+15550101234');
    expect(contactAddress({ ...contact, profile_name: null })).toBeNull();
    expect(contactName({ ...contact, profile_name: null, wa_id: null, user_id: 'US.1' })).toBe(
      'US.1',
    );
  });

  it('sends to the number in international format, or to the user id', () => {
    expect(recipientOf(contact)).toBe('+15550101234');
    expect(recipientOf({ ...contact, wa_id: null, user_id: 'US.1' })).toBe('US.1');
  });

  it('makes avatar initials', () => {
    expect(initials('Grace Hopper')).toBe('GH');
    expect(initials('ada')).toBe('A');
    expect(initials('+15550101234')).toBe('#');
  });

  it('words the time left', () => {
    expect(formatTimeLeft(30_000)).toBe('less than a minute');
    expect(formatTimeLeft(45 * 60_000 + 59_000)).toBe('45 min');
    expect(formatTimeLeft(3 * 3600_000)).toBe('3 h');
    expect(formatTimeLeft(3 * 3600_000 + 12 * 60_000 + 30_000)).toBe('3 h 12 min');
  });

  it('closes the window when its time is up, whatever the server said earlier', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    const open = { window: { open: true, expires_at: '2026-11-24T15:12:00Z' } };
    expect(windowState(open, now)).toEqual({
      open: true,
      expiresAt: Date.parse('2026-11-24T15:12:00Z'),
      timeLeft: '3 h 12 min',
    });
    expect(windowState(open, Date.parse('2026-11-24T15:12:00Z'))).toEqual({
      open: false,
      closedAt: Date.parse('2026-11-24T15:12:00Z'),
    });
    expect(windowState({ window: { open: false, expires_at: null } }, now)).toEqual({
      open: false,
      closedAt: null,
    });
  });
});

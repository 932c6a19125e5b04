import { describe, expect, it } from 'vitest';
import { scoreAddress, scoreEmail, scoreName, scorePhone } from './identity-match.js';

describe('identity match scores', () => {
  it('scores names: exact, middle names, nicknames, reordered, typos, and strangers', () => {
    expect(scoreName('Alberta Bobbeth Charleson', 'Alberta Bobbeth Charleson').score).toBe(100);
    expect(scoreName('Alberta Charleson', 'Alberta Bobbeth Charleson').score).toBeGreaterThanOrEqual(90);
    expect(scoreName('Charleson, Alberta', 'Alberta Charleson').score).toBe(100);
    const nick = scoreName('Bill Gates', 'William Henry Gates');
    expect(nick).toMatchObject({ isNicknameMatch: true, isFirstOrLastNameMatch: true });
    expect(nick.score).toBeGreaterThanOrEqual(80);
    expect(scoreName('Alberta Charlesen', 'Alberta Charleson').score).toBeGreaterThanOrEqual(85);
    const stranger = scoreName('John Smith', 'Alberta Charleson');
    expect(stranger.score).toBeLessThan(30);
    expect(stranger.isFirstOrLastNameMatch).toBe(false);
    expect(scoreName('Mary Charleson', 'Alberta Charleson')).toMatchObject({
      score: 55,
      isFirstOrLastNameMatch: true,
    });
  });

  it('detects business names and compares them without their legal suffixes', () => {
    const result = scoreName('Acme Widgets LLC', 'ACME Widgets, Inc.');
    expect(result).toMatchObject({ score: 100, isBusinessNameDetected: true });
    expect(scoreName('Acme Widgets LLC', 'Globex Corporation').score).toBeLessThan(50);
  });

  it('scores phones, emails and addresses', () => {
    expect(scorePhone('+1 (111) 222-3333', '1112223333')).toBe(100);
    expect(scorePhone('+1 999 222 3333', '1112223333')).toBe(70);
    expect(scorePhone('555', '1112223333')).toBe(0);
    expect(scoreEmail('AccountHolder0@Example.com ', 'accountholder0@example.com')).toBe(100);
    expect(scoreEmail('accountholder0@other.com', 'accountholder0@example.com')).toBe(50);
    const onFile = { street: '2992 Cameron Road', city: 'Malakoff', region: 'NY', postal_code: '14236' };
    expect(
      scoreAddress(
        { street: '2992 Cameron Rd', city: 'Malakoff', region: 'NY', postal_code: '14236-1234' },
        onFile,
      ),
    ).toEqual({
      score: 100,
      isPostalCodeMatch: true,
    });
    expect(
      scoreAddress({ street: '1 Main St', city: 'Springfield', postal_code: '99999' }, onFile).score,
    ).toBeLessThan(40);
  });
});

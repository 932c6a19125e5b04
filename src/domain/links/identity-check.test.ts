import { describe, expect, it } from 'vitest';
import type { OwnersTable } from '../../store/schema.js';
import { checkIdentity } from './identity-check.js';

const holder = {
  names: ['Alberta Bobbeth Charleson'],
  emails: ['accountholder0@example.com'],
  phones: ['1112223333'],
  addresses: [{ street: '2992 Cameron Road', city: 'Malakoff', region: 'NY', postal_code: '14236' }],
};

const owner = (fields: Partial<OwnersTable>): OwnersTable => ({
  id: 'o1',
  brand_id: 'b1',
  kind: 'customer',
  first_name: null,
  middle_name: null,
  last_name: null,
  date_of_birth: null,
  legal_business_name: null,
  dba_business_name: null,
  ein: null,
  email: null,
  phone: null,
  address_line_1: null,
  address_line_2: null,
  city: null,
  state: null,
  zip_code: null,
  country: null,
  created_at: '',
  updated_at: '',
  ...fields,
});

describe('checkIdentity', () => {
  it('passes a nickname and a missing middle name, scoring only the fields on file', () => {
    const nickname = checkIdentity(owner({ first_name: 'Bertie', last_name: 'Charleson' }), [holder], 70);
    expect(nickname).toMatchObject({ passed: true, isNicknameMatch: true });
    expect(nickname.scores).toEqual({ name: 85, address: null, phone: null, email: null });
    const noMiddle = checkIdentity(owner({ first_name: 'Alberta', last_name: 'Charleson' }), [holder], 90);
    expect(noMiddle.passed).toBe(true);
  });

  it('fails when any field on file is below the threshold', () => {
    const check = checkIdentity(
      owner({ first_name: 'Alberta', last_name: 'Charleson', phone: '+14155550123', email: 'x@y.com' }),
      [holder],
      70,
    );
    expect(check.passed).toBe(false);
    expect(check.scores).toMatchObject({ phone: 0, email: 0 });
  });

  it('compares a business by its legal name without suffixes', () => {
    const business = owner({ kind: 'business', legal_business_name: 'Charleson Holdings LLC' });
    const check = checkIdentity(business, [{ ...holder, names: ['Charleson Holdings, Inc.'] }], 70);
    expect(check).toMatchObject({ passed: true, isBusinessNameDetected: true });
  });
});

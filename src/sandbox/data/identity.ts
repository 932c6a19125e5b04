/** The account holder every `user_good` account reports (reference §7.3). */
export const USER_GOOD_OWNER = {
  names: ['Alberta Bobbeth Charleson'],
  phone_numbers: [
    { data: '1112223333', primary: false, type: 'home' as const },
    { data: '1112224444', primary: false, type: 'work' as const },
    { data: '1112225555', primary: false, type: 'mobile' as const },
  ],
  emails: [
    { data: 'accountholder0@example.com', primary: true, type: 'primary' as const },
    { data: 'accountholder1@example.com', primary: false, type: 'secondary' as const },
    {
      data: 'extraordinarily.long.email.username.123456@reallylonghostname.com',
      primary: false,
      type: 'other' as const,
    },
  ],
  addresses: [
    {
      data: {
        street: '2992 Cameron Road',
        city: 'Malakoff',
        region: 'NY',
        postal_code: '14236',
        country: 'US',
      },
      primary: true,
    },
    {
      data: {
        street: '2493 Leisure Lane',
        city: 'San Matias',
        region: 'CA',
        postal_code: '93405-2255',
        country: 'US',
      },
      primary: false,
    },
  ],
};

export type Owner = typeof USER_GOOD_OWNER;

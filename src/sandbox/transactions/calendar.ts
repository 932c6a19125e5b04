// The banking calendar lives in lib/ (the sandbox, insights and the ACH rail share it).
export * from '../../lib/banking-calendar.js';

// The seeded generator lives in lib/ (the sandbox and the synthetic corpora share it).
export * from '../../lib/seeded-random.js';

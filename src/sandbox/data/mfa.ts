/**
 * The MFA challenges of Plaid's sandbox, chosen by the password (reference §7.2):
 * - `mfa_device`: a one-time code sent to a device; the code is `1234`.
 * - `mfa_questions_<n>_<m>`: n rounds of m questions; question j of round i is answered `answer_<i>_<j>`.
 * - `mfa_selections`: one question, "Yes" or "No"; the answer is "Yes".
 * - `mfa_selections_<n>_<m>_<o>`: n rounds of m questions with o options each; option
 *   `answer_<i>_<j>_0` is the right one for question j of round i.
 * Rounds and questions are counted from 1 in the password and from 0 in the answers, as at Plaid.
 */
export type MfaChallenge =
  | { type: 'device' }
  | { type: 'questions'; rounds: number; questions: number }
  | { type: 'selections'; rounds: number; questions: number; options: number };

export const DEVICE_CODE = '1234';

/** The challenge a password asks for; `undefined` for a password that is not an MFA one. */
export function mfaChallengeFor(password: string): MfaChallenge | null | undefined {
  if (password === 'mfa_device') return { type: 'device' };
  if (password === 'mfa_selections') return { type: 'selections', rounds: 1, questions: 1, options: 2 };
  const questions = /^mfa_questions_([1-9])_([1-9])$/.exec(password);
  if (questions) return { type: 'questions', rounds: Number(questions[1]), questions: Number(questions[2]) };
  const selections = /^mfa_selections_([1-9])_([1-9])_([2-9])$/.exec(password);
  if (selections) {
    return {
      type: 'selections',
      rounds: Number(selections[1]),
      questions: Number(selections[2]),
      options: Number(selections[3]),
    };
  }
  return password.startsWith('mfa_') ? null : undefined;
}

/** What Link shows for round `round` (from 0) of a challenge. */
export interface MfaPrompt {
  mfa_type: 'device' | 'questions' | 'selections';
  round: number;
  rounds: number;
  /** For a device code: where it was sent. */
  device: string | null;
  /** For questions: the question texts; for selections, each question with its answers. */
  questions: { question: string; answers: string[] | null }[];
}

export function mfaPrompt(challenge: MfaChallenge, round: number): MfaPrompt {
  switch (challenge.type) {
    case 'device':
      return {
        mfa_type: 'device',
        round: 0,
        rounds: 1,
        device: 'phone ending in 1234',
        questions: [{ question: 'Enter the code we sent to your phone ending in 1234', answers: null }],
      };
    case 'questions':
      return {
        mfa_type: 'questions',
        round,
        rounds: challenge.rounds,
        device: null,
        questions: Array.from({ length: challenge.questions }, (_, j) => ({
          question: `question_${round}_${j}`,
          answers: null,
        })),
      };
    case 'selections':
      return {
        mfa_type: 'selections',
        round,
        rounds: challenge.rounds,
        device: null,
        questions:
          challenge.options === 2 && challenge.rounds === 1 && challenge.questions === 1
            ? [{ question: 'Do you have a sandbox account?', answers: ['Yes', 'No'] }]
            : Array.from({ length: challenge.questions }, (_, j) => ({
                question: `question_${round}_${j}`,
                answers: Array.from({ length: challenge.options }, (_, k) => `answer_${round}_${j}_${k}`),
              })),
      };
  }
}

/** The answers that pass round `round`, one per question. */
export function expectedMfaAnswers(challenge: MfaChallenge, round: number): string[] {
  const prompt = mfaPrompt(challenge, round);
  switch (challenge.type) {
    case 'device':
      return [DEVICE_CODE];
    case 'questions':
      return prompt.questions.map((_, j) => `answer_${round}_${j}`);
    case 'selections':
      return prompt.questions.map((q) => q.answers?.[0] ?? '');
  }
}

/** Plaid's exit status while the user is at this challenge. */
export function mfaStatus(challenge: MfaChallenge): string {
  switch (challenge.type) {
    case 'device':
      return 'requires_code';
    case 'questions':
      return 'requires_questions';
    case 'selections':
      return 'requires_selections';
  }
}

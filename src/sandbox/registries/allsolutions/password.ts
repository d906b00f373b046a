// AllSolutions requires a complex password of at least 16 characters for both the API link
// (koppeling) and the API user. "Complex" is read here as three of four character classes.

export const MIN_PASSWORD_LENGTH = 16;

/** Why `password` is refused, or `undefined` when it is strong enough. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Het wachtwoord heeft ${password.length} tekens; minimaal ${MIN_PASSWORD_LENGTH} zijn vereist.`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return 'Het wachtwoord is niet complex genoeg: gebruik ten minste drie van kleine letters, hoofdletters, cijfers en leestekens.';
  return undefined;
}

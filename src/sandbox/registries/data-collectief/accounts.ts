// Accounts, credits and ownership. A download costs one credit unless the record is owned; a
// download makes it owned for one calendar month. Sub-accounts (RegisterAccount) have their own
// credits and ownership, as DATA-collectief books their downloads on the new account.
import { createHash } from 'node:crypto';

export interface Account {
  user: string;
  password: string;
  /** The main account that registered this one; absent for a main account. */
  parent?: string;
  credits: number;
  creditsUsed: number;
  creditsRewarded: number;
  /** Record number → ISO time until which it is owned. */
  ownedCompanies: Record<string, string>;
  ownedContacts: Record<string, string>;
  downloadedCompanies: number;
  downloadedContacts: number;
}

export const MAIN_USER = 'regx-sandbox@example.org';
export const MAIN_PASSWORD = 'regx-sandbox-wachtwoord';
export const MAIN_CREDITS = 100;
export const SUB_ACCOUNT_CREDITS = 25;

/** Users who signed up at "Mijn DATA-collectief" and activated the application, with their link code. */
export const PENDING_ACCOUNTS = [
  { newUser: 'nieuwe.gebruiker@example.org', code: 'KOPPEL-4711' },
  { newUser: 'tweede.gebruiker@example.org', code: 'KOPPEL-1071' },
];

export function newAccount(user: string, password: string, credits: number, parent?: string): Account {
  const account: Account = { user, password, credits, creditsUsed: 0, creditsRewarded: 0, ownedCompanies: {}, ownedContacts: {}, downloadedCompanies: 0, downloadedContacts: 0 };
  if (parent) account.parent = parent;
  return account;
}

export function subAccountPassword(newUser: string, code: string): string {
  return createHash('sha256').update(`${newUser}:${code}`).digest('base64url').slice(0, 20);
}

export function oneMonthLater(now: Date): Date {
  const until = new Date(now.getTime());
  until.setUTCMonth(until.getUTCMonth() + 1);
  return until;
}

export function ownedUntil(owned: Record<string, string>, number: number, now: Date): string | undefined {
  const until = owned[String(number)];
  return until && new Date(until).getTime() > now.getTime() ? until : undefined;
}

/** Basic credentials → account; `undefined` when missing or wrong. */
export function authenticate(authorization: string | undefined, accounts: Map<string, Account>): Account | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const account = accounts.get(decoded.slice(0, colon));
  return account && account.password === decoded.slice(colon + 1) ? account : undefined;
}

export interface Account {
  id: string;
  email: string;
  /** epoch milliseconds, as returned by Date.now() */
  createdAt: number;
}

const accounts = new Map<string, Account>();

export async function createAccount(email: string): Promise<Account> {
  const account = { id: crypto.randomUUID(), email, createdAt: Date.now() };
  accounts.set(account.id, account);
  return account;
}

export async function listTeam(teamId: string): Promise<Account[]> {
  return [...accounts.values()].filter((a) => a.id.startsWith(teamId));
}

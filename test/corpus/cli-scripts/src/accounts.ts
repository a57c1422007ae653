export interface Account { ownerId: string; ownerEmail: string; plan: string; planStartedAt: Date }
export async function loadAccounts(): Promise<Account[]> {
  return [];
}

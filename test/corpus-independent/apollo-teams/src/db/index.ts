export interface User {
  id: string;
  email: string;
  name: string;
  teamId?: string;
}
export interface Team {
  id: string;
  name: string;
  trialEnd: string;
  plan: string;
}

const users = new Map<string, User>();
const teams = new Map<string, Team>();
const prefs = new Map<string, { digest: boolean }>();

export const db = {
  async createUser(input: Omit<User, "id">): Promise<User> {
    const u = { ...input, id: `u_${users.size + 1}` };
    users.set(u.id, u);
    return u;
  },
  async user(id: string) {
    return users.get(id) ?? null;
  },
  async usersByIds(ids: readonly string[]) {
    return ids.map((id) => users.get(id) ?? null);
  },
  async team(id: string) {
    const t = teams.get(id);
    if (!t) throw new Error("no team");
    return t;
  },
  async preferences(userId: string) {
    return prefs.get(userId) ?? { digest: true };
  },
  async savePreferences(userId: string, p: { digest: boolean }) {
    prefs.set(userId, p);
  },
};

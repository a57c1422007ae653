import type { AppUser } from "../lib/customerio";

const users = new Map<string, AppUser>();

export async function createUser(input: { email: string; name: string }): Promise<AppUser> {
  const user: AppUser = {
    id: `usr_${Math.random().toString(36).slice(2, 12)}`,
    email: input.email.toLowerCase(),
    name: input.name,
    plan: "free",
    createdAt: new Date(),
  };
  users.set(user.id, user);
  return user;
}

export async function findByEmail(email: string) {
  for (const u of users.values()) if (u.email === email.toLowerCase()) return u;
  return undefined;
}

export async function findById(id: string) {
  return users.get(id);
}

export async function listAll() {
  return [...users.values()];
}

export async function verifyPassword(_user: AppUser, password: string) {
  return password.length >= 8;
}

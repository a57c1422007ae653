export interface UserRow { id: string; email: string; plan: string; created_at: Date; first_name: string }
export const db = {
  async createUser(email: string, plan: string): Promise<UserRow> {
    return { id: "u_" + email.length, email, plan, created_at: new Date(), first_name: "" };
  },
  async findUser(id: string): Promise<UserRow | null> {
    return null;
  },
  async createOrder(userId: string, total: number) {
    return { id: "o_1", userId, total };
  },
};

import { Injectable } from "@nestjs/common";
import type { CioUser } from "../customerio/customerio.service";

@Injectable()
export class UsersRepository {
  private readonly rows = new Map<string, CioUser & { active: boolean }>();

  async create(input: { email: string; firstName: string }) {
    const user = { id: crypto.randomUUID(), email: input.email, firstName: input.firstName, createdAt: new Date(), active: true };
    this.rows.set(user.id, user);
    return user;
  }

  async findOne(id: string) {
    const row = this.rows.get(id);
    if (!row) throw new Error("not found");
    return row;
  }

  async findActive() {
    return [...this.rows.values()].filter((r) => r.active);
  }

  async remove(id: string) {
    this.rows.delete(id);
  }
}

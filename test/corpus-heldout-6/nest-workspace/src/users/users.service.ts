import { Injectable } from '@nestjs/common';

export interface User {
  id: string;
  email: string;
  name: string;
  plan: string;
  createdAt: Date;
  verifiedAt: Date;
}

@Injectable()
export class UsersService {
  private readonly rows = new Map<string, User>();

  async create(input: { email: string; name: string }): Promise<User> {
    const user: User = { id: crypto.randomUUID(), plan: 'free', createdAt: new Date(), verifiedAt: new Date(0), ...input };
    this.rows.set(user.id, user);
    return user;
  }

  async changePlan(id: string, plan: string): Promise<User> {
    const user = this.rows.get(id)!;
    user.plan = plan;
    return user;
  }

  async markVerified(id: string): Promise<User> {
    const user = this.rows.get(id)!;
    user.verifiedAt = new Date();
    return user;
  }

  async softDelete(id: string): Promise<User> {
    const user = this.rows.get(id)!;
    this.rows.delete(id);
    return user;
  }
}

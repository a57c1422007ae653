import { Injectable } from '@nestjs/common';

export interface User { id: string; email: string; plan: string; createdAt: Date }

@Injectable()
export class UsersService {
  private readonly rows = new Map<string, User>();

  async create(dto: { email: string }): Promise<User> {
    const user = { id: crypto.randomUUID(), email: dto.email, plan: 'free', createdAt: new Date() };
    this.rows.set(user.id, user);
    return user;
  }

  async setPlan(id: string, plan: string) {
    const user = this.rows.get(id)!;
    user.plan = plan;
    return user;
  }

  async findInactive(): Promise<User[]> {
    return [...this.rows.values()];
  }
}

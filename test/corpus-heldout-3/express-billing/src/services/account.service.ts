import type { Account, PrismaClient } from "@prisma/client";
import { identifyAccount, logger, trackEvent, trackLater } from "@/lib";

export interface RegisterInput {
  email: string;
  name: string;
  plan: "free" | "team" | "business";
}

export class AccountService {
  constructor(private readonly db: PrismaClient) {}

  async register(input: RegisterInput): Promise<Account> {
    const account = await this.db.account.create({ data: input });
    identifyAccount(account.id, {
      email: account.email,
      name: account.name,
      plan: account.plan,
      created_at: Math.floor(account.createdAt.getTime() / 1000),
    })
      .then(() => trackEvent(account.id, "account_created", { plan: account.plan }))
      .catch((err: unknown) => logger.warn({ err }, "customer.io register sync failed"));
    return account;
  }

  async acceptInvite(token: string, name: string): Promise<Account> {
    const invite = await this.db.invite.findUniqueOrThrow({ where: { token } });
    const member = await this.db.account.create({
      data: { email: invite.email, name, plan: "team", orgId: invite.orgId },
    });
    trackLater(member.id, "invite_accepted", { org_id: invite.orgId });
    identifyAccount(member.id, { email: member.email, org_id: invite.orgId }).catch(() => undefined);
    return member;
  }

  async upgrade(accountId: string, plan: string): Promise<Account> {
    const account = await this.db.account.update({
      where: { id: accountId },
      data: { plan, upgradedAt: new Date() },
    });
    await identifyAccount(account.id, { plan, upgraded_at: account.upgradedAt!.getTime() });
    await trackEvent(account.id, "PlanUpgraded", { plan });
    return account;
  }

  async changeEmail(accountId: string, email: string): Promise<Account> {
    const account = await this.db.account.update({ where: { id: accountId }, data: { email } });
    await identifyAccount(account.id, { email });
    trackLater(account.id, `email_changed_to_${email}`);
    return account;
  }
}

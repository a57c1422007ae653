import DataLoader from "dataloader";
import { GraphQLError } from "graphql";
import * as analytics from "~/analytics/index.js";
import { db, type User } from "~/db/index.js";
import { sendMagicLink } from "~/email/magic-link.js";

export interface Ctx {
  user: User | null;
  loaders: { users: DataLoader<string, User | null> };
}

export const createLoaders = () => ({ users: new DataLoader((ids: readonly string[]) => db.usersByIds(ids)) });

function requireUser(ctx: Ctx): User {
  if (!ctx.user) throw new GraphQLError("unauthenticated", { extensions: { code: "UNAUTHENTICATED" } });
  return ctx.user;
}

export const resolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: Ctx) => ctx.user,
    async preferences(_: unknown, __: unknown, ctx: Ctx) {
      const user = requireUser(ctx);
      return analytics.loadPreferences(user.id);
    },
    async teammate(_: unknown, args: { id: string }, ctx: Ctx) {
      return ctx.loaders.users.load(args.id);
    },
  },
  Mutation: {
    async signUp(_: unknown, args: { email: string; name: string }) {
      const user = await db.createUser({ email: args.email, name: args.name });
      await analytics.identify(user);
      return user;
    },
    async requestMagicLink(_: unknown, args: { userId: string }) {
      const user = await db.user(args.userId);
      if (!user) return false;
      await sendMagicLink(user.id, user.email, `https://app.example.com/login?t=${crypto.randomUUID()}`);
      return true;
    },
    async inviteMembers(_: unknown, args: { teamId: string; emails: string[] }, ctx: Ctx) {
      requireUser(ctx);
      const team = await db.team(args.teamId);
      await Promise.all(
        args.emails.map((email) => analytics.inviteMember(team.id, email)),
      );
      await analytics.slackNotify(`${args.emails.length} invites sent for ${team.name}`);
      return { invited: args.emails.length };
    },
    async acceptInvite(_: unknown, args: { teamId: string }, ctx: Ctx) {
      const member = requireUser(ctx);
      const team = await db.team(args.teamId);
      analytics.trackEvent(member.id, "invite_accepted", { team_id: team.id }).catch(console.error);
      analytics.identify(member, team).catch(console.error);
      return team;
    },
    async completeOnboarding(_: unknown, args: { step: number }, ctx: Ctx) {
      const user = requireUser(ctx);
      await analytics.trackEvent(user.id, `onboarding_step_${args.step}`);
      return { step: args.step };
    },
    async updatePreferences(_: unknown, args: { digest: boolean }, ctx: Ctx) {
      const user = requireUser(ctx);
      const current = await analytics.loadPreferences(user.id);
      await db.savePreferences(user.id, { ...current, digest: args.digest });
      analytics.trackEvent(user.id, "preferences_updated", { digest: args.digest });
      return true;
    },
    async announceToTeam(_: unknown, args: { teamId: string }, ctx: Ctx) {
      requireUser(ctx);
      void analytics.triggerTeamBroadcast(args.teamId).catch(console.error);
      return true;
    },
  },
};

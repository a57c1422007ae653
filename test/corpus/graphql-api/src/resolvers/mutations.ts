import { trackMemberEvent, updateMember, EVENTS } from "../analytics";
import { store } from "../models/store";

interface Ctx {
  memberId: string;
  member: { email: string; displayName: string };
}

export const Mutation = {
  async createPost(_: unknown, args: { title: string }, ctx: Ctx) {
    const post = await store.createPost(ctx.memberId, args.title);
    await trackMemberEvent(ctx.memberId, EVENTS.POST_CREATED, { postId: post.id });
    return post;
  },

  addComment: async (_: unknown, args: { postId: string; body: string }, ctx: Ctx) => {
    const comment = await store.addComment(args.postId, ctx.memberId, args.body);
    trackMemberEvent(ctx.memberId, EVENTS.COMMENT_ADDED, { postId: args.postId }).catch(() => {});
    return comment;
  },

  async joinGroup(_: unknown, args: { groupId: string }, ctx: Ctx) {
    const membership = await store.joinGroup(ctx.memberId, args.groupId);
    await updateMember(ctx.memberId, { last_group_joined_at: membership.joinedAt });
    await trackMemberEvent(ctx.memberId, `joined_group_${args.groupId}`);
    return membership;
  },

  async updateProfile(_: unknown, args: { bio: string }, ctx: Ctx) {
    await updateMember(ctx.memberId, { bio: args.bio, profile_updated_at: Math.floor(Date.now() / 1000) });
    await trackMemberEvent(ctx.memberId, `profile_viewed_by_${ctx.member.displayName}`);
    return { ok: true };
  },
};

export const MemberEvents = {
  async onJoin(memberId: string, kind: "invite" | "link") {
    const name = kind === "invite" ? "member_invited" : "member_joined";
    await trackMemberEvent(memberId, name);
  },
};

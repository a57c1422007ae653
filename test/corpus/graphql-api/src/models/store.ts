export const store = {
  async createPost(authorId: string, title: string) {
    return { id: "p1", authorId, title, createdAt: new Date() };
  },
  async addComment(postId: string, authorId: string, body: string) {
    return { id: "c1", postId, authorId, body };
  },
  async joinGroup(memberId: string, groupId: string) {
    return { memberId, groupId, joinedAt: Date.now() };
  },
  async posts() {
    return [];
  },
};

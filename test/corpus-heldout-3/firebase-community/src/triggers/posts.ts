import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { CIO_WRITE_KEY, pipelines } from "../customerio";

type Post = { authorId: string; groupId: string; title: string };
type Comment = { authorId: string; postId: string; postAuthorEmail: string };

export const onPostCreated = onDocumentCreated(
  { document: "posts/{postId}", secrets: [CIO_WRITE_KEY] },
  async (event) => {
    const post = event.data?.data() as Post | undefined;
    if (!post) return;

    pipelines().track({
      userId: post.authorId,
      event: "post_published",
      properties: { post_id: event.params.postId, group_id: post.groupId },
    });
  },
);

export const onCommentCreated = onDocumentCreated(
  { document: "comments/{commentId}", secrets: [CIO_WRITE_KEY] },
  async (event) => {
    const comment = event.data?.data() as Comment | undefined;
    if (!comment) return;
    const analytics = pipelines();

    analytics.track({
      userId: comment.authorId,
      event: "comment_posted",
      properties: { post_id: comment.postId },
    });
    analytics.track({
      userId: comment.authorId,
      event: `replied_to_${comment.postAuthorEmail}`,
      properties: { post_id: comment.postId },
    });
    // The instance can be frozen as soon as the promise settles.
    await analytics.flush();
  },
);

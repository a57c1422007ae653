import type { FastifyPluginAsync } from "fastify";
import { APIClient, RegionUS, SendEmailRequest } from "customerio-node";
import { z } from "zod";
import { config } from "../config.js";

const INVITE_MESSAGE_ID = "7";

const invitesRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.addHook("onRequest", fastify.authenticate);

  fastify.post("/invites", async (request, reply) => {
    const { email, role } = z.object({ email: z.string().email(), role: z.string() }).parse(request.body);
    const invite = await fastify.prisma.invite.create({
      data: { email, role, orgId: request.user.orgId, invitedBy: request.user.id },
    });

    const mailer = new APIClient(config.cio.appApiKey, { region: RegionUS });
    await mailer.sendEmail(
      new SendEmailRequest({
        transactional_message_id: INVITE_MESSAGE_ID,
        to: email,
        identifiers: { email },
        message_data: { invite_url: `https://app.ledgerly.io/invites/${invite.token}` },
      }),
    );

    fastify.lifecycle.recordLater(request.user.id, `invited_${email}`, { role });
    return reply.code(201).send({ id: invite.id });
  });

  fastify.post("/invites/:id/resend", async (request, reply) => {
    const { id } = request.params as { id: string };
    const invite = await fastify.prisma.invite.findUniqueOrThrow({ where: { id } });

    reply.code(202).send({ queued: true });

    fastify.cioApi
      .sendEmail(
        new SendEmailRequest({
          transactional_message_id: INVITE_MESSAGE_ID,
          to: invite.email,
          identifiers: { email: invite.email },
          message_data: { invite_url: `https://app.ledgerly.io/invites/${invite.token}` },
        }),
      )
      .catch((err) => request.log.error({ err }, "invite resend failed"));
    return reply;
  });
};

export default invitesRoutes;

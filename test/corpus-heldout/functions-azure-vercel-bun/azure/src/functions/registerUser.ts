import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { randomUUID } from "node:crypto";
import { analytics } from "../lib/cdp.js";

type Registration = { email: string; firstName: string; plan?: string };

export async function registerUser(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const body = (await request.json()) as Registration;
  const userId = randomUUID();
  context.log(`registering ${userId}`);

  analytics.track({ userId, event: "signed_up", properties: { plan: body.plan ?? "starter" } });
  analytics.identify({
    userId,
    traits: { email: body.email, first_name: body.firstName, plan: body.plan ?? "starter" },
  });

  return { status: 201, jsonBody: { id: userId } };
}

app.http("registerUser", { methods: ["POST"], authLevel: "function", route: "users", handler: registerUser });

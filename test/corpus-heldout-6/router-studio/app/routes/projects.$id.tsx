import { data } from "react-router";
import type { Route } from "./+types/projects.$id";
import { track } from "~/lib/cio.server";
import { pipelinesTrack } from "~/lib/pipelines.server";
import { requireUser } from "~/lib/session.server";

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  pipelinesTrack(user.id, "project_viewed", { project: params.id }).catch(() => {});
  return data({ id: params.id });
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  await track(user.id, `project_${intent}`, { project: params.id });
  return data({ ok: true });
}

export default function Project({ loaderData }: Route.ComponentProps) {
  return <h1>Project {loaderData.id}</h1>;
}

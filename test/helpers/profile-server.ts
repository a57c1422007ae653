/**
 * A small App API on 127.0.0.1 that serves people a test defines (attributes
 * and event activities), in the shapes the App spec documents for
 * GET /v1/customers/{id}/attributes, /segments, /activities and /messages.
 * Every other path answers the spec's 404 error object. Each answer can be
 * validated against the spec (see `validate`), so the fake cannot drift.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isValidEmail } from "../../src/domain/index.js";

export interface FakePerson {
  id: string;
  email?: string | null;
  /** Attribute values as the App API returns them: strings. */
  attributes?: Record<string, string>;
  /** Event names, newest first, one hour apart. */
  events?: string[];
}

export interface ProfileServer {
  url: string;
  /** Replaces the people served. */
  setPeople(people: readonly FakePerson[]): void;
  /** Every answer served: operation, status and body (for spec validation). */
  answers: Array<{ operation: string; status: number; body: unknown }>;
  close(): Promise<void>;
}

const PATH = /^\/v1\/customers\/([^/]+)\/(attributes|segments|activities|messages)\/?$/;

function notFound(): { status: number; body: unknown } {
  return { status: 404, body: { errors: [{ detail: "not found (reference fake404)", status: "404" }] } };
}

export async function startProfileServer(token: string): Promise<ProfileServer> {
  let people = new Map<string, FakePerson>();
  const answers: ProfileServer["answers"] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let reply = notFound();
    let operation = `${req.method} ${url.pathname}`;
    const match = PATH.exec(url.pathname);
    if (req.headers.authorization !== `Bearer ${token}`) {
      reply = { status: 401, body: { errors: [{ detail: "unauthorized (reference fake401)", status: "401" }] } };
    } else if (match && req.method === "GET") {
      const id = decodeURIComponent(match[1]!);
      const leaf = match[2]!;
      operation = `GET /v1/customers/{customer_id}/${leaf}`;
      const p = people.get(id);
      const now = Math.floor(Date.now() / 1000);
      if (p) {
        // identifiers.email is format "email" in the spec: an attribute that is not an address is not an identifier.
        const identifiers = { id: p.id, email: p.email && isValidEmail(p.email) ? p.email : null, cio_id: `c${p.id.length}${p.id.replace(/[^a-z0-9]/gi, "").slice(0, 8)}` };
        if (leaf === "attributes") {
          reply = {
            status: 200,
            body: {
              customer: {
                id: p.id,
                identifiers,
                attributes: { id: p.id, ...(p.email ? { email: p.email } : {}), cio_id: identifiers.cio_id, ...p.attributes },
                timestamps: { cio_id: now - 86_400, id: now - 86_400, unsubscribed: 0 },
                unsubscribed: false,
                devices: [],
              },
            },
          };
        } else if (leaf === "segments") {
          reply = { status: 200, body: { segments: [] } };
        } else if (leaf === "messages") {
          reply = { status: 200, body: { messages: [], next: "" } };
        } else {
          const name = url.searchParams.get("name");
          const activities = (p.events ?? [])
            .map((event, i) => ({ id: `act-${i + 1}`, customer_id: p.id, customer_identifiers: identifiers, type: "event", name: event, timestamp: now - (i + 1) * 3600 }))
            .filter((a) => (url.searchParams.get("type") ?? "event") === "event" && (!name || a.name === name));
          reply = { status: 200, body: { activities, next: "" } };
        }
      }
    }
    answers.push({ operation, status: reply.status, body: reply.body });
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPeople(list) {
      people = new Map(list.map((p) => [p.id, p]));
    },
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

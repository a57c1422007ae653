/**
 * The twelve integration pitfalls, numbered as in the known-pitfalls catalog
 * (findings refer to them by number). Each entry is corrected where the
 * catalog disagrees with Customer.io's docs, and says how sure it is.
 */
import { LIMITS } from "./limits.js";
import { SRC } from "./sources.js";
import type { Pitfall, Source } from "./types.js";

const reportingWebhooksDocs = (note: string): Source => ({
  confidence: "documented",
  url: "https://docs.customer.io/journeys/webhooks/",
  note,
});

const TRACK_RATE = LIMITS.trackRatePerSecond.value;
const APP_RATE = LIMITS.appApiRatePerSecond.value;
const TRANSACTIONAL_RATE = `${LIMITS.transactionalRate.value} requests per ${LIMITS.transactionalRate.window_seconds} s`;

export const PITFALLS: readonly Pitfall[] = [
  {
    number: 1,
    id: "wrong-api-key-type",
    title: "Wrong API key type (Track key used for the App API, or the reverse)",
    wrong: `import { APIClient, RegionUS, SendEmailRequest } from "customerio-node";

// The Track API key is a Basic-auth password, not an App API bearer token.
const api = new APIClient(process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });
await api.sendEmail(new SendEmailRequest({ to: user.email, transactional_message_id: "welcome", identifiers: { id: user.id } }));
// → CustomerIORequestError, statusCode 401`,
    correct: `import { APIClient, TrackClient, RegionUS } from "customerio-node";

// Track API (identify, track): Site ID + Track API key, sent as HTTP Basic.
const track = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });

// App API (transactional sends, lookups, exports): the App API key, sent as Bearer.
const api = new APIClient(process.env.CUSTOMERIO_APP_API_KEY!, { region: RegionUS });`,
    why:
      "Customer.io has two kinds of credentials, created separately under Account Settings > API Credentials. " +
      "The Track API authenticates with HTTP Basic: the Site ID as user name and the Track API key as password. " +
      "The App API (transactional messages, customer lookups, exports, broadcasts) takes an App API key as a Bearer token. " +
      "A key sent to the other API is refused with 401, which looks exactly like a revoked or mistyped key, so teams rotate keys that were fine. " +
      "A 401 from the App API can also come from calling the US host with an EU workspace's key, so check the region before blaming the key.",
    detect: {
      in_code:
        "APIClient built from a variable named like *TRACK*/*SITE* (or TrackClient given the App key); a Bearer header built from the Track key, or a Basic header from the App key; one environment variable reused for both clients.",
      in_live_data:
        "Every call to one API returns 401 while the other API accepts its key; test_track_auth / test_app_auth report wrong_key_type.",
    },
    fix: "Use the Site ID + Track API key with TrackClient (Track API) and the App API key with APIClient (App API); they are different keys.",
    keywords: [
      "401",
      "unauthorized",
      "authentication failed",
      "invalid credentials",
      "wrong key",
      "key type",
      "app api key",
      "track api key",
      "site id",
      "bearer token",
      "basic auth",
      "authorization header",
      "APIClient",
      "TrackClient",
      "sendEmail",
      "transactional message",
      "send api",
      "api credentials",
      "environment variable",
      "keys mixed up",
      "rotated key still rejected",
    ],
    sources: [
      SRC.trackSpec("securitySchemes Tracking-API-Key: HTTP Basic, Site ID as user name, Track API key as password"),
      SRC.appDocs("App API requests authenticate with an App API key as a Bearer token"),
      SRC.credentialsDocs("Track API keys and App API keys are separate key types, managed under Account Settings > API Credentials"),
      SRC.nodeSdk("lib/request.ts", "TrackClient sends Basic site_id:api_key; APIClient sends Bearer <app key>"),
      SRC.issue("https://github.com/n8n-io/n8n/issues/7484", "an EU workspace calling the US App API host got 401, so a region mismatch can look like a bad key"),
    ],
  },
  {
    number: 2,
    id: "millisecond-timestamps",
    title: "Millisecond timestamps where Unix seconds are expected",
    wrong: `await cio.identify(user.id, {
  email: user.email,
  created_at: Date.now(), // e.g. 1767225600000: milliseconds
});

await cio.track(user.id, {
  name: "order_paid",
  timestamp: order.paidAt.getTime(), // milliseconds again
});`,
    correct: `// Customer.io dates are whole Unix seconds.
const toUnixSeconds = (d: Date = new Date()): number => Math.floor(d.getTime() / 1000);

await cio.identify(user.id, { email: user.email, created_at: toUnixSeconds(user.createdAt) });
await cio.track(user.id, { name: "order_paid", timestamp: toUnixSeconds(order.paidAt) });`,
    why:
      "The Track API reads created_at, event timestamps and date attributes as Unix seconds. " +
      "JavaScript's Date.now(), getTime() and valueOf() return milliseconds, a number 1000 times larger, which Customer.io takes as seconds: " +
      "the date lands tens of thousands of years ahead (around the year 58,000 for a 2026 date). Nothing fails loudly; instead segments and filters that compare dates (\"created in the last 7 days\") stop matching, " +
      "date-based delays may misfire, and an event stamped that far from now is outside the 72-hour window in which events can trigger campaigns.",
    detect: {
      in_code:
        "created_at, timestamp or any *_at value taken from Date.now(), getTime(), valueOf() or +new Date() without dividing by 1000.",
      in_live_data:
        "Timestamps with 13 digits (above 1e11) on profiles or events, shown as dates thousands of years ahead; lookup_customer and check_payload report millisecond_timestamp.",
    },
    fix: "Send whole Unix seconds: Math.floor(Date.now() / 1000) for created_at, timestamp and every date attribute.",
    keywords: [
      "milliseconds",
      "unix seconds",
      "epoch",
      "Date.now",
      "getTime",
      "13 digit number",
      "date far in the future",
      "wrong year",
      "created_at",
      "timestamp",
      "date attribute",
      "divide by 1000",
      "date segment",
      "relative time filter",
      "time delay",
    ],
    sources: [
      SRC.trackSpec("identify: created_at is a Unix timestamp in seconds; track: timestamp is Unix seconds"),
      SRC.trackSpec("track event body: only events timestamped within the past 72 hours can trigger campaigns"),
    ],
  },
  {
    number: 3,
    id: "track-before-identify",
    title: "Tracking events before the person is identified",
    wrong: `export async function onSignup(user: NewUser) {
  await users.insert(user);
  // The person does not exist in Customer.io yet.
  await cio.track(user.id, { name: "signed_up", data: { plan: user.plan } });
  await cio.identify(user.id, { email: user.email });
}`,
    correct: `export async function onSignup(user: NewUser) {
  await users.insert(user);
  // Create the person (with an email) first, then send the event that starts onboarding.
  await cio.identify(user.id, { email: user.email, created_at: Math.floor(Date.now() / 1000) });
  await cio.track(user.id, { name: "signed_up", data: { plan: user.plan } });
}`,
    why:
      "An event-triggered campaign starts only for a person who exists and is in the campaign's audience when the event arrives. " +
      "An event sent for an id that was never identified may be dropped, or may create a bare profile with no email and no attributes, depending on workspace settings; " +
      "either way the welcome or onboarding campaign may not start, or starts with nobody to send to. " +
      "Customer.io does not clearly document this case, so treat it as a risk and identify first (awaiting it, not in parallel). " +
      "Visitors who are not known yet belong in trackAnonymous with an anonymous_id: those events merge into the person later, within 30 days, " +
      "and can trigger a campaign only if they are associated with the person within 72 hours. " +
      "The Pipelines API (cdp.customer.io, analytics.track/identify) goes further: a call with neither userId nor anonymousId, an invalid timestamp, " +
      "or a body over 32 KB (500 KB for a batch) is answered 200 and silently dropped; send the header X-Strict-Mode: 1 to get a 400/401 instead.",
    detect: {
      in_code:
        "track() for a new id before the identify() that creates the person, or both fired together (Promise.all, no await) in a signup or registration flow; " +
        "Pipelines calls (analytics.track/identify) with neither userId nor anonymousId.",
      in_live_data:
        "The person's activity shows the trigger event before the profile was created, or a profile with events but no email; lookup_customer reports event_not_found for the expected trigger; " +
        "Pipelines calls answered 200 that never appear in the activity log (retry them with X-Strict-Mode: 1 to see the error).",
    },
    fix: "Await identify() (with email) before the first track() for a new person; use trackAnonymous with anonymous_id before you know who it is.",
    keywords: [
      "identify first",
      "order of calls",
      "call sequence",
      "event before profile",
      "orphaned event",
      "profile does not exist",
      "person not found",
      "new user",
      "signup",
      "registration",
      "welcome campaign",
      "onboarding",
      "trigger event",
      "race condition",
      "Promise.all",
      "anonymous_id",
      "trackAnonymous",
      "silently dropped",
      "dropped events",
      "events never show up",
      "missing from activity log",
      "200 OK but nothing arrives",
      "X-Strict-Mode",
      "Pipelines API",
      "cdp.customer.io",
      "userId",
      "anonymousId",
    ],
    sources: [
      SRC.pitfallCatalog("events for a person who was not identified yet may be dropped or orphaned; the exact behaviour depends on workspace settings and is not clearly documented"),
      SRC.trackSpec("anonymous events merge into a person when anonymous_id matches (last 30 days); they trigger campaigns only if associated within 72 hours"),
      SRC.pipelinesSpecAt("#/info/description", "you will receive a 200 response, but the request will not go through", "Pipelines requests over 32 KB (batch 500 KB) answer 200 and are dropped"),
      SRC.pipelinesSpecAt(
        "#/paths/~1track/post/parameters/0/description",
        "When not set or set to any other value, the API operates in permissive mode, logging errors but returning HTTP 200",
        "X-Strict-Mode: 1 turns validation failures into 400/401",
      ),
    ],
  },
  {
    number: 4,
    id: "email-as-user-id",
    title: "Using the email address as the person's id",
    wrong: `// The address becomes the person's permanent identifier.
await cio.identify(user.email, { email: user.email, plan: user.plan });`,
    correct: `// The database's immutable primary key is the id; email is an attribute that may change.
await cio.identify(user.id, { email: user.email, plan: user.plan });

// Later, an address change is an attribute update on the same person.
await cio.identify(user.id, { email: newEmail });`,
    why:
      "The id given to identify() is the person's permanent identifier in the workspace. " +
      "Email addresses change; when one does, identifying with the new address as id creates a second person, " +
      "so event history, segment membership and campaign progress are split between two profiles and the stale one may keep being messaged. " +
      "Use the immutable key from your database as id and send email as an attribute. " +
      "Changing an identifier later requires addressing the person as cio_<cio_id> unless the workspace allows updating email by id.",
    detect: {
      in_code: "identify() whose first argument is an email variable (user.email, req.body.email) or a literal containing @; id: email in a v2 payload.",
      in_live_data: "Profile ids that contain @, or two profiles for one human (one per address); lookup_customer reports email_as_id or duplicate_profiles.",
    },
    fix: "Use the immutable database ID as the identify() id and send email as an attribute.",
    keywords: [
      "duplicate profiles",
      "two people",
      "email changed",
      "address change",
      "identifier",
      "user id",
      "primary key",
      "database id",
      "id contains @",
      "profile split",
      "merge customers",
      "cio_id",
      "stable id",
    ],
    sources: [
      SRC.trackSpec("the identifier may be an id, an email or cio_<cio_id> depending on workspace settings; changing identifiers requires cio_<id> unless 'Allow updates to email using ID' is on"),
      SRC.pitfallCatalog("using a changeable email as the id duplicates people when the address changes"),
    ],
  },
  {
    number: 5,
    id: "missing-email-attribute",
    title: "Identifying people without an email attribute",
    wrong: `await cio.identify(user.id, {
  first_name: user.firstName,
  plan: user.plan,
}); // no email: email campaigns have no address to send to`,
    correct: `await cio.identify(user.id, {
  email: user.email,
  first_name: user.firstName,
  plan: user.plan,
});`,
    why:
      "Email campaigns and newsletters send to the person's email attribute. " +
      "A person identified without one is created, segmented and tracked without any API error, " +
      "so the gap shows up only later, as people who enter a campaign but never receive its emails (the delivery fails or is skipped). " +
      "Send email in identify() for everyone who should get email, and keep it up to date when it changes.",
    detect: {
      in_code: "identify() calls whose attributes object has no email key, with no other call adding it.",
      in_live_data: "Profiles without an email attribute, deliveries failing for lack of a recipient; lookup_customer reports missing_email.",
    },
    fix: "Include email in the identify() attributes of every person who should receive email.",
    keywords: [
      "no email address",
      "email attribute",
      "recipient",
      "nothing delivered",
      "cannot receive",
      "failed delivery",
      "missing recipient",
      "profile without email",
      "attributes only",
      "first_name",
      "newsletter",
      "email campaign",
    ],
    sources: [
      SRC.trackSpec("identify body: email is a reserved attribute alongside id and anonymous_id"),
      SRC.pitfallCatalog("without an email attribute the profile exists but cannot receive email campaigns"),
    ],
  },
  {
    number: 6,
    id: "dynamic-event-names",
    title: "Dynamic event names (ids or values inside the name)",
    wrong: `await cio.track(user.id, {
  name: \`viewed_\${product.sku}\`, // a new event name for every product
  data: {},
});`,
    correct: `await cio.track(user.id, {
  name: "product_viewed",
  data: { sku: product.sku, category: product.category }, // what varies goes in data
});`,
    why:
      "Campaign triggers, segments and filters select events by their exact name. " +
      "A name built from an id or a value makes a new event name for every value: the workspace's event list fills with thousands of one-off names, " +
      "no single trigger can cover the action, and the varying part cannot be filtered or used in messages. " +
      "Keep a small fixed set of names and put what varies in data, where filters and Liquid ({{event.sku}}) can use it. Names are also limited to 100 bytes.",
    detect: {
      in_code: "Template literals or string concatenation in the name passed to track() or trackAnonymous().",
      in_live_data: "Many event names sharing a prefix and differing by an id, number or UUID; lookup_customer reports dynamic_event_names.",
    },
    fix: "Use a fixed event name and move the variable part into the event's data.",
    keywords: [
      "template literal",
      "string interpolation",
      "concatenation",
      "unique event names",
      "event list",
      "cardinality",
      "product id",
      "sku",
      "uuid",
      "too many event names",
      "trigger selection",
      "event data properties",
      "record id inside the name",
      "generated event names",
      "f-string or Sprintf in the name",
    ],
    sources: [
      SRC.trackSpec("event name at most 100 bytes; event data is a free-form object"),
      SRC.pitfallCatalog("dynamic names pollute the event list and cannot be used as campaign triggers"),
    ],
  },
  {
    number: 7,
    id: "blocking-request-path",
    title: "Awaiting Customer.io in the user's request path",
    wrong: `app.post("/checkout", async (req, res) => {
  const order = await placeOrder(req.body);
  // The shopper waits for Customer.io, and for its retries, before seeing the order.
  await cio.track(req.user.id, { name: "order_placed", data: { total: order.total } });
  res.json(order);
});`,
    correct: `app.post("/checkout", async (req, res) => {
  const order = await placeOrder(req.body);
  res.json(order);
  // Tracking never delays or fails the user's request; important events go through a job queue instead.
  cio
    .track(req.user.id, { name: "order_placed", data: { total: order.total } })
    .catch((err) => logger.warn({ err }, "customer.io track failed"));
});`,
    why:
      "Each awaited Customer.io call adds a network round trip to the user's response. " +
      "When Customer.io is slow or retrying (the Node client retries 408, 429 and 5xx, and waits up to 10 s per attempt by default), " +
      "the user waits too, and a tracking error can turn into an error page. " +
      "Respond first and send in the background with the error caught, or push the call onto a job queue that retries, so analytics never sits on the hot path.",
    detect: {
      in_code: "await cio.track()/identify() inside an HTTP route or handler (app.post, router.get, Next.js/Lambda handler) before res.json()/res.send().",
      in_live_data: "Endpoint latency rising with Customer.io latency; user-facing timeouts or 5xx during a Customer.io incident (check_status_page).",
    },
    fix: "Don't await Customer.io before responding: send after the response or through a background queue, and catch errors.",
    keywords: [
      "latency",
      "response time",
      "slow api",
      "request handler",
      "route",
      "express",
      "await",
      "fire and forget",
      "background job",
      "queue",
      "worker",
      "timeout",
      "gateway timeout",
      "outage",
      "hot path",
      "p99",
    ],
    sources: [
      SRC.nodeSdk("lib/request.ts", "default timeout 10 s; retries 408, 429, 500, 502, 503, 504, 522 and 524"),
      SRC.pitfallCatalog("tracking is not critical to the request; do not block the response on it"),
    ],
  },
  {
    number: 8,
    id: "no-bounce-handling",
    title: "No bounce or spam-complaint handling (or suppressing, which deletes the person)",
    wrong: `// Bounces and complaints are never looked at, or "handled" by suppressing:
app.post("/webhooks/customerio", async (req, res) => {
  if (req.body.metric === "bounced") {
    await cio.suppress(req.body.data.customer_id); // deletes the person for good
  }
  res.sendStatus(200);
});`,
    correct: `// Reporting webhook (Data & Integrations > Integrations > Reporting Webhooks): bounced, spammed, dropped.
app.post("/webhooks/customerio", async (req, res) => {
  if (!signatureIsValid(req)) return res.sendStatus(401);
  const { metric, data } = req.body;
  if (metric === "bounced" || metric === "spammed") {
    // Customer.io already stops mailing addresses on its provider's suppression list;
    // the app records it and asks the user for a working address.
    await accounts.flagUndeliverableEmail(data.customer_id, metric);
  }
  res.sendStatus(200);
});`,
    why:
      "Repeatedly mailing addresses that hard-bounce or complain damages sender reputation until good mail lands in spam too. " +
      "Customer.io keeps an email-provider suppression list (bounces, blocks, spam reports, invalid emails) and does not deliver to those addresses, " +
      "so the work left to the app is to know about it: subscribe to reporting webhooks for bounced and spammed messages, flag the address, " +
      "ask the person for a new one, and stop other mailers from using it. " +
      "Do not answer a bounce with the Track API's suppress call: suppress deletes the person's profile permanently and blocks the identifier from being added again. " +
      "It is meant for deletion requests, not for a bad mailbox.",
    detect: {
      in_code: "No handler for bounced/spammed reporting webhooks; suppress() called from a bounce handler; another mailer sending to the same addresses without checking.",
      in_live_data:
        "Bounced or spammed metrics on a person's messages, an address on the ESP suppression list (GET /v1/esp/search_suppression/{email}); lookup_customer reports bounced, spam_complaint or undeliverable.",
    },
    fix: "Handle bounced/spammed reporting webhooks by flagging the address in your app; rely on Customer.io's ESP suppression and don't call suppress() (it deletes the person).",
    keywords: [
      "bounce",
      "hard bounce",
      "soft bounce",
      "spam complaint",
      "sender reputation",
      "deliverability",
      "undeliverable",
      "invalid address",
      "mailbox unavailable",
      "reporting webhook",
      "suppression list",
      "suppress",
      "esp suppression",
      "dropped",
      "blocklist",
      "550",
    ],
    sources: [
      SRC.trackSpec("suppress deletes the person permanently and prevents the identifier from being re-added"),
      SRC.trackSpec("esp_suppression: bounces, blocks, spam_reports and invalid_emails categories with the provider's reason"),
      reportingWebhooksDocs("Reporting webhooks POST message activity (sent, delivered, bounced, spammed, …) to an endpoint you configure"),
    ],
  },
  {
    number: 9,
    id: "new-client-per-request",
    title: "Creating a new Customer.io client for every request",
    wrong: `app.post("/events", async (req, res) => {
  // A new client, with its own settings, on every request.
  const cio = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });
  await cio.track(req.body.userId, { name: "page_action", data: req.body.data });
  res.sendStatus(204);
});`,
    correct: `// customerio.ts: one client per process, created at start-up and shared.
export const cio = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, {
  region: RegionUS,
});

// routes.ts
import { cio } from "./customerio.js";`,
    why:
      "A client belongs to the process, not to a request. Built per request (or per Lambda invocation, or per job) it re-reads keys and region on the hot path " +
      "and scatters timeout and retry settings across handlers. " +
      "When the client or its HTTP layer owns a connection pool (a custom agent, or SDKs in other languages) every new client also opens new connections, " +
      "paying DNS, TCP and TLS again and piling up sockets under load (ECONNRESET, socket hang up, EMFILE). " +
      "Create one TrackClient and one APIClient at start-up and import them where needed.",
    detect: {
      in_code: "new TrackClient(...) or new APIClient(...) inside a function, route handler, loop or Lambda handler instead of at module level.",
      in_live_data: "Many short-lived connections to track.customer.io or api.customer.io; latency and socket errors that grow with traffic.",
    },
    fix: "Create one TrackClient and one APIClient per process (module-level singleton) and reuse them.",
    keywords: [
      "singleton",
      "instantiate",
      "new TrackClient",
      "new APIClient",
      "client instance",
      "reuse",
      "shared client",
      "per request",
      "connection",
      "socket",
      "keep-alive",
      "tls handshake",
      "econnreset",
      "lambda handler",
      "module level",
    ],
    sources: [
      SRC.nodeSdk("lib/track.ts", "a TrackClient holds the credentials, region, timeout and retry settings used by every call"),
      SRC.pitfallCatalog("a client per request repeats connection setup; the catalog's latency figure is not verified"),
    ],
  },
  {
    number: 10,
    id: "inconsistent-event-names",
    title: "Inconsistent event names (case, separators, spelling)",
    wrong: `// Three services, three spellings of the same action.
await cio.track(user.id, { name: "UserSignedUp" });   // web app
await cio.track(user.id, { name: "user-signed-up" }); // mobile backend
await cio.track(user.id, { name: "user signed up" }); // billing`,
    correct: `// events.ts: every event name defined once, in one convention.
export const CioEvent = {
  UserSignedUp: "user_signed_up",
  OrderPlaced: "order_placed",
} as const;

await cio.track(user.id, { name: CioEvent.UserSignedUp, data: { source: "web" } });`,
    why:
      "Triggers and segments match the event name exactly, case included, so UserSignedUp, user-signed-up and user signed up are three different events. " +
      "A campaign triggered by one spelling silently skips everyone who sent another, counts split three ways, and the event list shows near-duplicates. " +
      "Only leading and trailing spaces are trimmed. Pick one convention (snake_case is common), define the names once in shared code, and check payloads in review.",
    detect: {
      in_code: "Literal event names in different styles (PascalCase, camelCase, kebab-case, spaces, snake_case) or the same words spelled differently across files.",
      in_live_data: "Near-duplicate names in the event list that differ only by case or separators; the person has the event but the campaign did not fire; lookup_customer reports event_name_mismatch.",
    },
    fix: "Pick one naming convention (e.g. snake_case) and define every event name once as a shared constant.",
    keywords: [
      "case sensitive",
      "naming convention",
      "snake_case",
      "camelCase",
      "PascalCase",
      "kebab-case",
      "capitalization",
      "spelling",
      "typo",
      "near-duplicate events",
      "name mismatch",
      "trigger not matching",
      "different platforms",
    ],
    sources: [
      SRC.trackSpec("track: leading and trailing spaces in event names are trimmed"),
      SRC.skillReport("event names are case-sensitive"),
      SRC.pitfallCatalog("mixed naming conventions make triggers match only one variant"),
    ],
  },
  {
    number: 11,
    id: "no-rate-limiting",
    title: "No client-side rate limiting for bulk work",
    wrong: `// Backfill: every user at once, as fast as the event loop allows.
const everyone = await users.findAll();
await Promise.all(everyone.map((u) => cio.identify(u.id, { email: u.email, plan: u.plan })));`,
    correct: `import Bottleneck from "bottleneck";

// A steady pace well under the limits, with concurrency capped.
const pace = new Bottleneck({ maxConcurrent: 8, minTime: 20 }); // at most ~50 requests/second

for await (const page of users.pages({ size: 500 })) {
  await Promise.all(page.map((u) => pace.schedule(() => cio.identify(u.id, { email: u.email, plan: u.plan }))));
}`,
    why:
      "Imports, backfills, nightly syncs and fan-out loops send as fast as the code allows. " +
      `The App API allows ${APP_RATE} requests/second on most endpoints (a soft ${TRANSACTIONAL_RATE} for transactional sends, one API-triggered broadcast per 10 s) and answers 429 beyond that. ` +
      `The Track API's limit is soft: ${TRACK_RATE} requests/second in the current spec (older docs said 100/s), not strictly enforced, ` +
      "but sustained excess can be throttled, dropped or, rarely, blocked for a while. " +
      "Pace bulk work with a limiter, retry 429 with exponential backoff (honouring Retry-After when present), and use the v2 batch endpoint for large imports.",
    detect: {
      in_code: "identify/track/send calls inside for/forEach/map or Promise.all over a list, with no limiter, queue, pause or batching.",
      in_live_data: "429 responses in logs, bursts of requests at job start, gaps in imported data; diagnose_status_code explains the 429.",
    },
    fix: "Throttle bulk calls with a limiter (e.g. Bottleneck or p-queue), back off on 429, and use the v2 batch endpoint for imports.",
    keywords: [
      "429",
      "too many requests",
      "rate limit",
      "throttling",
      "requests per second",
      "bulk",
      "backfill",
      "import",
      "migration script",
      "burst",
      "concurrency",
      "Promise.all",
      "loop",
      "backoff",
      "retry-after",
      "batch endpoint",
    ],
    sources: [
      SRC.trackSpec(`Track API: ${TRACK_RATE} requests/second, not strictly enforced and subject to change; sustained excess may be throttled or dropped`),
      SRC.appDocs(`App API: ${APP_RATE} requests/second for most endpoints, a soft ${TRANSACTIONAL_RATE} for transactional sends; 429 'over the 10-per-second limit'`),
      SRC.thirdParty("https://github.com/api-evangelist/customer-io", "older and third-party sources give 100 requests/second for the Track API"),
    ],
  },
  {
    number: 12,
    id: "pii-in-event-names",
    title: "Personal data (email, phone, names) in event names",
    wrong: `await cio.track(user.id, { name: \`invite_sent_to_\${invitee.email}\` });
await cio.track(user.id, { name: "password_reset_" + user.phone });`,
    correct: `await cio.track(user.id, {
  name: "invite_sent",
  data: { invitee_email: invitee.email }, // personal data stays in the event's data
});
await cio.track(user.id, { name: "password_reset_requested" });`,
    why:
      "Event names are workspace-wide labels: they appear in the event list, in trigger and segment pickers and in reports, for everyone with workspace access. " +
      "Personal data placed there spreads beyond the person's profile, and may remain in those lists after the person is deleted, " +
      "which makes erasure requests (GDPR, CCPA) hard to honour; attributes and event data belong to the person instead. " +
      "It is also a dynamic name (pitfall 6), so it breaks triggers too. Keep names fixed and send personal data in data or attributes.",
    detect: {
      in_code: "Event names built from email, phone, name or address fields, or literal names containing @ or digits that look like a phone number.",
      in_live_data: "Event names containing email addresses, phone numbers or people's names; lookup_customer and check_payload report pii_in_event_name.",
    },
    fix: "Never put personal data in event names; send it in the event's data or in attributes.",
    keywords: [
      "pii",
      "gdpr",
      "personal data",
      "privacy",
      "compliance",
      "erasure request",
      "right to be forgotten",
      "email address in event name",
      "phone number",
      "full name",
      "sensitive data",
      "data leak",
      "ccpa",
    ],
    sources: [
      SRC.pitfallCatalog("PII in event names cannot be cleaned up per person; whether it survives deletion is not documented"),
      SRC.trackSpec("event data is a per-event object: the place for values that vary, including personal data"),
    ],
  },
];

/** A pitfall by number (12, "12") or slug, case-insensitive; undefined when there is none. */
export function findPitfall(key: string | number): Pitfall | undefined {
  const text = String(key).trim().toLowerCase();
  if (/^\d+$/.test(text)) return PITFALLS.find((p) => p.number === Number(text));
  return PITFALLS.find((p) => p.id === text);
}

/** Every valid id, numbers and slugs, for error messages. */
export function pitfallIdList(): string {
  return PITFALLS.map((p) => `${p.number} (${p.id})`).join(", ");
}

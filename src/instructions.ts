/** Server instructions: what Claude reads first (kept under 2 KB by a test). */
export const SERVER_INSTRUCTIONS = `customerio-doctor troubleshoots Customer.io integrations. Every tool is read-only: nothing is ever written to the workspace, and API keys are never shown (at most their last 4 characters).

Which tool answers which question:
- "Customer.io not working", emails stopped, unsure where to start: run_diagnostics (status page + Track and App credentials + region, and a customer when an id or email is given).
- An HTTP status or error body from Customer.io (401, 429, 400 "cannot be longer than 1000 bytes", 301 "wrong datacenter"...): diagnose_status_code with status, body, url and retry_after.
- A symptom, error text or code snippet, or "what is pitfall N": explain_pitfall with query or id.
- Are the Track credentials and region right: test_track_auth. App API key (transactional, lookups): test_app_auth.
- Is Customer.io itself down: check_status_page.
- A user not receiving an email or push, a campaign not triggering, a transactional message not arriving: trace_delivery first (id, email or cio_id; campaign_id, broadcast_id, transactional_id or delivery_id, or just event_name): it names the first broken link and its fix. The profile alone: lookup_customer.
- Before sending an identify/track/batch/send_email body: check_payload.
- Review integration code for the classic pitfalls and hard-coded keys: audit_code with a path.

Credentials come only from the environment (CUSTOMERIO_SITE_ID, CUSTOMERIO_TRACK_API_KEY, CUSTOMERIO_APP_API_KEY, CUSTOMERIO_REGION); never ask the user to paste a key into a tool argument. A failed check is a normal result with ok:false and findings; follow each finding's fix, most severe first. Resources cio://status-codes, cio://errors and cio://pitfalls/{n} hold the sourced knowledge base; the troubleshoot prompt walks the whole runbook.`;

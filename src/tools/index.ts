/** The registry: every tool the server and the CLI expose, in display order. */
import type { ToolDefinition } from "./define.js";
import { diagnoseStatusCode } from "./diagnose-status-code.js";
import { explainPitfall } from "./explain-pitfall.js";
import { testTrackAuth } from "./test-track-auth.js";
import { testAppAuth } from "./test-app-auth.js";
import { checkStatusPage } from "./check-status-page.js";
import { lookupCustomer } from "./lookup-customer.js";
import { traceDelivery } from "./trace-delivery.js";
import { runDiagnostics } from "./run-diagnostics.js";
import { checkPayload } from "./check-payload.js";
import { auditCode } from "./audit-code.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;

export const TOOLS: readonly AnyTool[] = [
  runDiagnostics,
  diagnoseStatusCode,
  explainPitfall,
  testTrackAuth,
  testAppAuth,
  checkStatusPage,
  lookupCustomer,
  traceDelivery,
  checkPayload,
  auditCode,
];

export function findTool(name: string): AnyTool | undefined {
  return TOOLS.find((t) => t.name === name);
}

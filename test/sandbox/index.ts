/** The sandbox's public face, used by the demo and the end-to-end tests. */
export { startSandbox } from "./server.js";
export { SANDBOX } from "./types.js";
export { SANDBOX_CUSTOMERS } from "./customers.js";
export { TRACE_CASES, traceArgs } from "./trace-people.js";
export { journeyScenario } from "./journeys.js";

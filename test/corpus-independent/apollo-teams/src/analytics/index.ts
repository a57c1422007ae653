export * from "./cio.js";
export { slackNotify } from "../lib/slack.js";

import { WebClient } from "@slack/web-api";

const slack = new WebClient(process.env.SLACK_BOT_TOKEN);

export async function slackNotify(text: string) {
  await slack.chat.postMessage({ channel: process.env.SLACK_CHANNEL ?? "#growth", text });
}

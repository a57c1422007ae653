export { trackMemberEvent, updateMember, EVENTS } from "./events";
export * from "./client";

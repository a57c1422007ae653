export * from "./customerio";
export { logger } from "./logger";

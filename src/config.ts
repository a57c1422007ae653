/**
 * Configuration comes from the environment only. Loading it never throws:
 * a missing or malformed variable is recorded so that the tools that need it
 * can say which variable is wrong and how to fix it.
 */

export type Region = "us" | "eu";
export const REGIONS: readonly Region[] = ["us", "eu"];

/** One secret-or-identifier variable as read from the environment. */
export interface ConfigValue {
  /** The variable the value came from (e.g. `CUSTOMERIO_TRACK_API_KEY`). */
  variable: string;
  /** The raw value, untrimmed; undefined when the variable is unset or empty. */
  raw: string | undefined;
  /** The value with surrounding whitespace and quotes removed (what we send). */
  value: string | undefined;
  /** Why the raw value looks wrong (whitespace, quotes, line breaks), if it does. */
  problem: string | undefined;
}

export interface Endpoints {
  track: Record<Region, string>;
  app: Record<Region, string>;
  status: string;
}

export interface Config {
  siteId: ConfigValue;
  trackApiKey: ConfigValue;
  appApiKey: ConfigValue;
  /** Configured region; undefined means: ask the Track region endpoint, else us. */
  region: Region | undefined;
  /** Set when CUSTOMERIO_REGION holds something other than us/eu. */
  regionProblem: string | undefined;
  /** Budget of one HTTP request in milliseconds. */
  timeoutMs: number;
  timeoutProblem: string | undefined;
  endpoints: Endpoints;
  /** Problems with the URL overrides (the default is used instead). */
  endpointProblems: string[];
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 120_000;

export const DEFAULT_ENDPOINTS: Endpoints = {
  track: { us: "https://track.customer.io", eu: "https://track-eu.customer.io" },
  app: { us: "https://api.customer.io", eu: "https://api-eu.customer.io" },
  status: "https://status.customerio.com",
};

type Env = Record<string, string | undefined>;

/** Describes what is wrong with a raw credential value, or undefined. */
export function credentialProblem(raw: string): string | undefined {
  if (/[\r\n]/.test(raw)) return "contains a line break";
  if (/^\s|\s$/.test(raw)) return "has leading or trailing whitespace";
  if (/^["'`]|["'`]$/.test(raw)) return "is wrapped in quotes";
  if (/\s/.test(raw)) return "contains whitespace";
  return undefined;
}

function readValue(env: Env, names: string[]): ConfigValue {
  for (const name of names) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    // A launcher that could not expand `${VAR}` passes the text through: that is unset.
    if (/^\$\{[^}]*\}$/.test(raw.trim())) continue;
    const cleaned = raw.trim().replace(/^["'`]+|["'`]+$/g, "").trim();
    return {
      variable: name,
      raw,
      value: cleaned === "" ? undefined : cleaned,
      problem: credentialProblem(raw),
    };
  }
  return { variable: names[0]!, raw: undefined, value: undefined, problem: undefined };
}

function readUrl(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      problems.push(`${name} must be an http(s) URL; using ${fallback}`);
      return fallback;
    }
    if (url.username || url.password) {
      problems.push(`${name} must not contain credentials; using ${fallback}`);
      return fallback;
    }
    // Keep any path prefix (proxies), drop a trailing slash, query and hash.
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    problems.push(`${name} is not a valid URL; using ${fallback}`);
    return fallback;
  }
}

export function loadConfig(env: Env = process.env): Config {
  const endpointProblems: string[] = [];
  const d = DEFAULT_ENDPOINTS;
  const endpoints: Endpoints = {
    track: {
      us: readUrl(env, "CUSTOMERIO_TRACK_URL_US", d.track.us, endpointProblems),
      eu: readUrl(env, "CUSTOMERIO_TRACK_URL_EU", d.track.eu, endpointProblems),
    },
    app: {
      us: readUrl(env, "CUSTOMERIO_APP_URL_US", d.app.us, endpointProblems),
      eu: readUrl(env, "CUSTOMERIO_APP_URL_EU", d.app.eu, endpointProblems),
    },
    status: readUrl(env, "CUSTOMERIO_STATUS_URL", d.status, endpointProblems),
  };

  let region: Region | undefined;
  let regionProblem: string | undefined;
  const rawRegion = env.CUSTOMERIO_REGION?.trim().toLowerCase().replace(/^["']|["']$/g, "");
  if (rawRegion) {
    if (rawRegion === "us" || rawRegion === "eu") region = rawRegion;
    else if (rawRegion !== "auto") {
      regionProblem = `CUSTOMERIO_REGION must be "us" or "eu" (got a value of ${rawRegion.length} characters); the region is detected instead`;
    }
  }

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let timeoutProblem: string | undefined;
  const rawTimeout = env.CUSTOMERIO_TIMEOUT_MS?.trim();
  if (rawTimeout) {
    const n = Number(rawTimeout);
    if (!Number.isFinite(n) || !Number.isInteger(n)) {
      timeoutProblem = `CUSTOMERIO_TIMEOUT_MS must be a whole number of milliseconds; using ${DEFAULT_TIMEOUT_MS}`;
    } else if (n < MIN_TIMEOUT_MS || n > MAX_TIMEOUT_MS) {
      timeoutMs = Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, n));
      timeoutProblem = `CUSTOMERIO_TIMEOUT_MS must be between ${MIN_TIMEOUT_MS} and ${MAX_TIMEOUT_MS}; using ${timeoutMs}`;
    } else {
      timeoutMs = n;
    }
  }

  return {
    siteId: readValue(env, ["CUSTOMERIO_SITE_ID"]),
    trackApiKey: readValue(env, ["CUSTOMERIO_TRACK_API_KEY", "CUSTOMERIO_API_KEY"]),
    appApiKey: readValue(env, ["CUSTOMERIO_APP_API_KEY"]),
    region,
    regionProblem,
    timeoutMs,
    timeoutProblem,
    endpoints,
    endpointProblems,
  };
}

/** Every secret value the configuration holds, raw and cleaned, for redaction. */
export function configSecrets(config: Config): string[] {
  const out = new Set<string>();
  for (const v of [config.trackApiKey, config.appApiKey]) {
    if (v.raw) out.add(v.raw);
    if (v.value) out.add(v.value);
  }
  return [...out];
}

/**
 * Customer.io SDK versions with known, sourced problems, and the reading of
 * versions from package.json and the npm, pnpm and yarn lockfiles (by hand,
 * line by line: linear on any input).
 */

export type Confidence = "high" | "medium" | "low";

export interface SdkProblem {
  id: string;
  package: string;
  /** Versions below this one are affected (null: every version, no fix yet). */
  fixedIn: string | null;
  /** Versions from this one on are affected (null: from the first release, as far as is known). */
  since: string | null;
  summary: string;
  confidence: Confidence;
  sources: Array<{ url: string; note: string }>;
}

/**
 * The table. Only problems with a fixed version and at least medium
 * confidence are reported (an upgrade must fix what is reported); the
 * others are kept here so the knowledge is not lost.
 */
export const SDK_PROBLEMS: readonly SdkProblem[] = [
  {
    id: "node_no_redirect_follow",
    package: "customerio-node",
    since: null,
    fixedIn: "3.4.2",
    summary:
      "does not follow the App API's wrong-datacenter redirect: an EU workspace called on the US host fails with \"301 Unknown error\" (body {\"errors\":[{\"detail\":\"wrong datacenter\",\"status\":\"301\"}]}) instead of reaching the EU host",
    confidence: "medium",
    sources: [
      { url: "https://github.com/customerio/customerio-node/issues/134", note: "reported on customerio-node 3.4.1; a maintainer traces it to the removal of the request library, which followed redirects" },
      { url: "https://github.com/customerio/customerio-node/pull/135", note: "\"Handle redirects from the server\", merged 2023-02-07; 3.4.2 is taken as the first release with it (inferred from the release order, not stated in the pull request)" },
    ],
  },
  {
    id: "node_errors_array_unknown_error",
    package: "customerio-node",
    since: null,
    fixedIn: null,
    summary:
      "turns App API error bodies of the form {\"errors\":[{\"detail\":…}]} into the message \"Unknown error\" (the message is read from meta.error or meta.errors only); read err.body for the detail",
    confidence: "high",
    sources: [
      { url: "https://github.com/customerio/customerio-node/issues/134", note: "\"301 Unknown error\" with the errors[] body only visible in err.body" },
      { url: "https://github.com/customerio/customerio-node/blob/main/lib/utils.ts", note: "CustomerIORequestError builds its message from meta.error / meta.errors (still so in 5.0.1)" },
    ],
  },
  {
    id: "node_redirect_keeps_authorization",
    package: "customerio-node",
    since: "3.4.2",
    fixedIn: "5.0.0",
    summary: "follows redirects by re-sending the same headers, Authorization included, to whatever host the Location names; 5.x keeps Authorization only for *.customer.io targets",
    confidence: "low",
    sources: [{ url: "https://github.com/customerio/customerio-node/blob/main/lib/request.ts", note: "redirect handling before and after 5.0; the exact release of the host check is not established" }],
  },
];

/** Major, minor, patch of a version or the lowest version a range allows (`^3.4.1` → 3.4.1). */
export function parseVersion(text: string): [number, number, number] | null {
  let s = text.trim();
  let i = 0;
  while (i < s.length && (s[i] === "^" || s[i] === "~" || s[i] === ">" || s[i] === "=" || s[i] === "v" || s[i] === " ")) i++;
  s = s.slice(i);
  const parts: number[] = [];
  let current = "";
  for (const ch of s.slice(0, 40)) {
    if (ch >= "0" && ch <= "9") current += ch;
    else if (ch === "." && current !== "") {
      parts.push(Number(current));
      current = "";
    } else break;
  }
  if (current !== "") parts.push(Number(current));
  if (parts.length === 0) return null;
  return [parts[0]!, parts[1] ?? 0, parts[2] ?? 0];
}

/**
 * Whether a declared range lets a fresh install reach `version`: `^3.4.1`
 * admits every 3.x from 3.4.1 (0.x carets stay within the minor), `~3.4.1`
 * every 3.4.x, `>=` anything above; an exact version admits only itself.
 * Ranges this does not read (`||`, hyphens, tags) are taken as exact.
 */
export function rangeAdmits(range: string, version: string): boolean {
  const r = range.trim();
  const low = parseVersion(r);
  const v = parseVersion(version);
  if (!low || !v || r.length > 100 || r.includes("|") || r.includes(" - ")) return false;
  if (compareVersions(v, low) < 0) return false;
  if (r.startsWith(">")) return !r.includes("<");
  if (r.startsWith("^")) return low[0] > 0 ? v[0] === low[0] : v[0] === 0 && v[1] === low[1];
  if (r.startsWith("~")) return v[0] === low[0] && v[1] === low[1];
  const bare = r.startsWith("=") || r.startsWith("v") ? r.slice(1) : r;
  // 3.x, 3.4.x and 3 are ranges too.
  const parts = bare.split(".", 4);
  const wild = (x: string | undefined) => x === undefined || x === "x" || x === "X" || x === "*";
  if (wild(parts[1])) return v[0] === low[0];
  if (wild(parts[2])) return v[0] === low[0] && v[1] === low[1];
  return compareVersions(v, low) === 0;
}

export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Problems of this version that an upgrade fixes and that are known well enough to report. */
export function reportableProblems(pkg: string, version: string): SdkProblem[] {
  const v = parseVersion(version);
  if (!v) return [];
  return SDK_PROBLEMS.filter((p) => {
    if (p.package !== pkg || p.fixedIn === null || p.confidence === "low") return false;
    if (compareVersions(v, parseVersion(p.fixedIn)!) >= 0) return false;
    return p.since === null || compareVersions(v, parseVersion(p.since)!) >= 0;
  });
}

export const SDK_PACKAGES = ["customerio-node", "@customerio/cdp-analytics-node", "@customerio/cdp-analytics-browser"];

export interface DeclaredDependency {
  name: string;
  range: string;
  /** 1-based line and column of the entry in package.json. */
  line: number;
  column: number;
}

/** Customer.io dependencies declared in a package.json, with where they are written. */
export function declaredDependencies(text: string): DeclaredDependency[] {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const out: DeclaredDependency[] = [];
  const lines = text.split("\n");
  for (const field of ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]) {
    const deps = json[field];
    if (!deps || typeof deps !== "object") continue;
    for (const name of SDK_PACKAGES) {
      const range = (deps as Record<string, unknown>)[name];
      if (typeof range !== "string" || out.some((d) => d.name === name)) continue;
      const needle = `"${name}"`;
      let line = 1;
      let column = 1;
      for (let i = 0; i < lines.length; i++) {
        const at = lines[i]!.indexOf(needle);
        if (at >= 0) {
          line = i + 1;
          column = at + 1;
          break;
        }
      }
      out.push({ name, range, line, column });
    }
  }
  return out;
}

/** The installed version of a package according to a lockfile (npm, pnpm or yarn), or null. */
export function lockedVersion(lockName: string, text: string, pkg: string): string | null {
  if (lockName === "package-lock.json" || lockName === "npm-shrinkwrap.json") {
    try {
      const json = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
      return json.packages?.[`node_modules/${pkg}`]?.version ?? json.dependencies?.[pkg]?.version ?? null;
    } catch {
      return null;
    }
  }
  const lines = text.split("\n");
  if (lockName === "pnpm-lock.yaml") {
    // importers: … <pkg>: { specifier, version: 4.0.0 }   or   packages: /<pkg>@4.0.0: / <pkg>@4.0.0:
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!.trim();
      if (l === `${pkg}:` || l === `'${pkg}':`) {
        for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
          const v = lines[j]!.trim();
          if (v.startsWith("version:")) return v.slice(8).trim().split("(")[0]!.replace(/['"]/g, "");
        }
      }
      for (const prefix of [`${pkg}@`, `/${pkg}@`, `'${pkg}@`, `/${pkg}/`]) {
        if (l.startsWith(prefix) && l.endsWith(":")) return l.slice(prefix.length, -1).split("(")[0]!.replace(/['"]/g, "");
      }
    }
    return null;
  }
  if (lockName === "yarn.lock") {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.startsWith(" ") || !l.trimEnd().endsWith(":")) continue;
      const heads = l.slice(0, -1).split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
      if (!heads.some((h) => h.startsWith(`${pkg}@`))) continue;
      for (let j = i + 1; j < Math.min(lines.length, i + 6); j++) {
        const v = lines[j]!.trim();
        if (v.startsWith("version ")) return v.slice(8).trim().replace(/^"|"$/g, "");
        if (v.startsWith("version:")) return v.slice(8).trim().replace(/^"|"$/g, "");
      }
    }
  }
  return null;
}

export const LOCKFILES = ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"];

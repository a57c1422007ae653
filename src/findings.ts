/** The finding: the unit of every diagnosis this server makes. */
import { z } from "zod";

export type Severity = "error" | "warning" | "info";

export interface Finding {
  /** Stable snake_case code from the public contract. */
  code: string;
  severity: Severity;
  message: string;
  fix?: string;
  /** Number (1–12) of the related entry in the pitfall catalog. */
  pitfall?: number;
  /** Short, redacted facts that support the finding. */
  evidence?: string;
}

const findingShape = {
  code: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  fix: z.string().optional(),
  pitfall: z.number().optional(),
  evidence: z.string().optional(),
};

/**
 * In every tool's output schema, so it is as short as it can be while typing each field: the
 * pitfall number's range (1–12) is the catalog's to keep, and the object is not closed
 * (`additionalProperties`, which zod's `.meta()` leaves out of the JSON Schema here).
 */
export const findingSchema = z.looseObject(findingShape).meta({ additionalProperties: undefined }) as unknown as z.ZodObject<typeof findingShape>;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Most severe first; the original order is kept within a severity. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addressOf,
  clip,
  compareEventNames,
  countAddresses,
  DELIVERY_METRIC_CODE,
  deliveryActivity,
  isDataFailureActivity,
  describeMilliseconds,
  isoFromUnix,
  toUnixSeconds,
  describeEventNameStyle,
  dynamicPartOfEventName,
  eventNameConvention,
  eventNameShape,
  eventNameVariants,
  findDynamicEventNames,
  findPersonalData,
  inconsistentEventNames,
  isCioPathIdentifier,
  isE164Phone,
  isMillisecondTimestamp,
  isPersonalFieldName,
  isTimestampKey,
  isValidEmail,
  listed,
  looksLikeEmail,
  luhnValid,
  maskPersonalData,
  nameWords,
  normalizeEventName,
  numericTimeUnit,
  numericValue,
  parseIsoTimestamp,
  personalDataKinds,
  plural,
  quote,
  readTimestamp,
  splitAddressList,
  toE164,
  toSnakeCase,
} from "../src/domain/index.js";

describe("words", () => {
  it.each([
    ["signupDate", ["signup", "date"]],
    ["last_seen_on", ["last", "seen", "on"]],
    ["HTTPServer", ["http", "server"]],
    ["CUSTOMERIO_TRACK_API_KEY", ["customerio", "track", "api", "key"]],
    ["Order Placed", ["order", "placed"]],
    ["v2Batch", ["v2", "batch"]],
    ["caféOuvert", ["café", "ouvert"]],
    ["", []],
  ])("nameWords(%j)", (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe("timestamps", () => {
  it.each(["signupDate", "last_seen_on", "ts", "created_at", "createdAt", "_timestamp", "timestamp", "lastLoginTime", "sent_at", "last_used", "birth_date", "event.ts", "trial-ends-at", "updatedOn"])(
    "%s is a timestamp key",
    (key) => expect(isTimestampKey(key)).toBe(true),
  );
  it.each(["data", "status", "format", "update", "name", "plan", "cat", "onboarding", "stats", "attempts", ""])("%j is not a timestamp key", (key) =>
    expect(isTimestampKey(key)).toBe(false),
  );
  it("classifies numbers by unit", () => {
    expect(numericTimeUnit(1_700_000_000)).toBe("seconds");
    expect(numericTimeUnit(1_700_000_000_000)).toBe("milliseconds");
    expect(numericTimeUnit(1_700_000_000_000_000)).toBe("microseconds");
    expect(numericTimeUnit(1.7e18)).toBe("nanoseconds");
    expect(isMillisecondTimestamp(Date.now())).toBe(true);
    expect(isMillisecondTimestamp(String(Date.now()))).toBe(true);
    expect(isMillisecondTimestamp(Math.floor(Date.now() / 1000))).toBe(false);
    expect(isMillisecondTimestamp("soon")).toBe(false);
  });
  it("reads numeric strings strictly", () => {
    expect(numericValue(" 42 ")).toBe(42);
    expect(numericValue("-1.5")).toBe(-1.5);
    for (const bad of ["", "1.", ".5", "1e5", "0x10", "12a", "--1", "1.2.3", NaN, Infinity, null]) expect(numericValue(bad)).toBeUndefined();
  });
  it("parses ISO-8601 with zones, offsets and none", () => {
    expect(parseIsoTimestamp("2024-01-15T10:30:00Z")).toMatchObject({ epochMs: Date.UTC(2024, 0, 15, 10, 30), zone: "utc" });
    expect(parseIsoTimestamp("2024-01-15T10:30:00.123+02:00")).toMatchObject({ epochMs: Date.UTC(2024, 0, 15, 8, 30, 0, 123), zone: "offset", offsetMinutes: 120 });
    expect(parseIsoTimestamp("2024-01-15T10:30:00-0530")).toMatchObject({ zone: "offset", offsetMinutes: -330 });
    expect(parseIsoTimestamp("2024-01-15T10:30:00+00:00")?.zone).toBe("utc");
    expect(parseIsoTimestamp("2024-01-15 10:30")).toMatchObject({ zone: "none", dateOnly: false });
    expect(parseIsoTimestamp("2024-01-15")).toMatchObject({ dateOnly: true });
    for (const bad of ["2024-02-30", "2024-13-01", "2024-01-15T25:00:00Z", "15/01/2024", "1700000000", "2024-01-15T10:30:00+2", "2024-01-15T10:30:00.Z", "yesterday"]) {
      expect(parseIsoTimestamp(bad), bad).toBeUndefined();
    }
  });
  it("describes what a too-large value does, in every unit", () => {
    expect(describeMilliseconds(1_704_067_200_000)).toBe("read as seconds: year 55,969; as milliseconds: 2024-01-01T00:00:00Z");
    expect(describeMilliseconds(1_704_067_200_000_000)).toContain("as microseconds: 2024-01-01T00:00:00Z");
    expect(toUnixSeconds(1_704_067_200_000_000_000)).toBe(1_704_067_200);
    expect(isoFromUnix(1_704_067_200)).toBe("2024-01-01T00:00:00Z");
    expect(isoFromUnix(0)).toBeNull();
    expect(isoFromUnix(Number.NaN)).toBeNull();
  });
  it("reads a value as seconds, milliseconds, ISO or local ISO", () => {
    expect(readTimestamp(1_700_000_000).kind).toBe("seconds");
    expect(readTimestamp(1_700_000_000_000)).toMatchObject({ kind: "milliseconds", unit: "milliseconds", seconds: 1_700_000_000 });
    expect(readTimestamp("2024-01-15T10:30:00Z").kind).toBe("iso");
    expect(readTimestamp("2024-01-15T10:30:00").kind).toBe("iso_local");
    expect(readTimestamp("next week").kind).toBe("not_a_timestamp");
  });
});

describe("event names", () => {
  it.each([
    ["order_placed", "snake_case"],
    ["signup", null],
    ["orderPlaced", "camelCase"],
    ["OrderPlaced", "PascalCase"],
    ["order-placed", "kebab-case"],
    ["order.placed", "dot.case"],
    ["ORDER_PLACED", "SCREAMING_CASE"],
    ["Order Placed", "Title Case"],
    ["order placed", "spaces"],
    ["Order_placed", "mixed"],
    ["order__placed", "mixed"],
    ["order/placed", "mixed"],
  ])("eventNameConvention(%j) = %j", (name, convention) => {
    expect(eventNameConvention(name)).toBe(convention);
  });
  it("describes departures from snake_case", () => {
    expect(describeEventNameStyle("order_placed")).toBeUndefined();
    expect(describeEventNameStyle("orderPlaced")).toBe("is camelCase");
    expect(describeEventNameStyle("Order Placed")).toMatch(/Title Case/);
  });
  it("normalises for comparison", () => {
    for (const n of ["SignedUp", "signed_up", "signed-up", "Signed Up", "SIGNED_UP", "signed.up"]) expect(normalizeEventName(n)).toBe("signedup");
    expect(toSnakeCase("OrderPlacedV2")).toBe("order_placed_v2");
  });
  it("tells spellings and near misses apart", () => {
    expect(compareEventNames("order_placed", "order_placed")).toBe("identical");
    expect(compareEventNames("orderPlaced", "order_placed")).toBe("spelling");
    expect(compareEventNames("order_complete", "order_completed")).toBe("near_miss");
    expect(compareEventNames("sign_up", "singup")).toBe("near_miss");
    expect(compareEventNames("open", "opens")).toBe("different");
    expect(compareEventNames("order_placed", "order_shipped")).toBe("different");
    expect(eventNameVariants(["orderPlaced", "order_placd", "cart_viewed", "order_placed"], "order_placed")).toEqual(["orderPlaced", "order_placd"]);
    expect(inconsistentEventNames(["signed_up", "SignedUp", "viewed"])).toEqual([["signed_up", "SignedUp"]]);
  });
  it.each([
    ["viewed_product_12345", "a number (an id, SKU, year or timestamp)"],
    ["order_550e8400-e29b-41d4-a716-446655440000", "a UUID"],
    ["report_2024-01-15", "a date"],
    ["checkout_${step}", "an unfilled template placeholder"],
    ["signup_undefined", 'a "undefined" left by a missing value'],
    ["item_a1b2c3d4", "a random-looking id"],
  ])("dynamic part of %j: %s", (name, kind) => {
    expect(dynamicPartOfEventName(name)?.kind).toBe(kind);
  });
  it.each(["order_placed", "null_pointer_error", "v2_signup", "page_404"])("%j has no dynamic part", (name) => {
    expect(dynamicPartOfEventName(name)).toBeUndefined();
  });
  it("groups names by shape", () => {
    expect(eventNameShape("order_123_paid")).toBe("order_{id}_paid");
    expect(eventNameShape("signup_jane@example.com")).toBe("signup_{id}");
    const groups = findDynamicEventNames(["order_1_paid", "order_2_paid", "order_3_paid", "viewed_product_98765", "signup"]);
    expect(groups.map((g) => g.pattern).sort()).toEqual(["order_{id}_paid", "viewed_product_{id}"]);
  });
});

describe("personal data", () => {
  it.each([
    ["signup_jane.doe@example.com", ["email"]],
    ["ssn_123-45-6789", ["ssn"]],
    ["paid_4111 1111 1111 1111", ["card_number"]],
    ["paid_4111111111111111", ["card_number"]],
    ["paid_4111-1111-1111-1111", ["card_number"]],
    ["called_+14155552671", ["phone"]],
    ["called_+1 (415) 555-2671", ["phone"]],
    ["called_415-555-2671", ["phone"]],
    ["called_(415) 555 2671", ["phone"]],
    ["login_from_192.168.1.20", ["ip_address"]],
    ["order_placed", []],
    ["order_1700000000000", []],
    ["paid_4111111111111112", []],
    ["report_2024-01-15", []],
    ["version_1.2.3", []],
    ["ip_999.1.1.1", []],
    ["user@localhost", []],
  ])("%j → %j", (text, kinds) => {
    expect(personalDataKinds(text)).toEqual(kinds);
  });
  it("masks what it finds, and only that", () => {
    expect(maskPersonalData("sent_to_jane@example.com_from_10.0.0.1")).toBe("sent_to_[email]_from_[ip]");
    expect(maskPersonalData("ssn 123-45-6789 card 5555555555554444")).toBe("ssn [ssn] card [card]");
    expect(findPersonalData("a jane@example.com b")[0]).toEqual({ kind: "email", start: 2, end: 18 });
  });
  it("checks Luhn", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true);
  });
  it.each([
    ["email", true],
    ["userEmail", true],
    ["phone_number", true],
    ["first_name", true],
    ["dateOfBirth", true],
    ["ssn", true],
    ["email_id", false],
    ["phoneCount", false],
    ["email_domain", false],
    ["plan", false],
    ["name", false],
  ])("isPersonalFieldName(%j) = %j", (name, personal) => {
    expect(isPersonalFieldName(name)).toBe(personal);
  });
  it("reads a bare name as personal when its owner is a person", () => {
    expect(isPersonalFieldName("name", "user")).toBe(true);
    expect(isPersonalFieldName("name", "event")).toBe(false);
  });
});

describe("identifiers", () => {
  it.each(["jane@example.com", "jane.doe+tag@mail.example.co.uk", "josé@exämple.de", "a@b.io", "x@example.xn--p1ai"])("%j is a valid email", (e) =>
    expect(isValidEmail(e)).toBe(true),
  );
  it.each(["jane@example", "jane@@example.com", "jane example@x.com", ".jane@example.com", "jane..doe@example.com", "jane@-example.com", "jane@example.c", "Jane <jane@example.com>", "@example.com", ""])(
    "%j is not a valid email",
    (e) => expect(isValidEmail(e)).toBe(false),
  );
  it("looksLikeEmail trims and needs a whole address", () => {
    expect(looksLikeEmail(" jane@example.com ")).toBe(true);
    expect(looksLikeEmail("user_42")).toBe(false);
    expect(looksLikeEmail("signup_jane@example.com_x")).toBe(false);
  });
  it("E.164 phones", () => {
    expect(isE164Phone("+14155552671")).toBe(true);
    expect(isE164Phone("+4915112345678")).toBe(true);
    for (const bad of ["14155552671", "+1 415 555 2671", "+0123456789", "+123", "+1234567890123456"]) expect(isE164Phone(bad), bad).toBe(false);
    expect(toE164("+1 (415) 555-2671")).toBe("+14155552671");
    expect(toE164("415 555 2671")).toBeUndefined();
    expect(isCioPathIdentifier("cio_03000001")).toBe(true);
  });
  it("address lists", () => {
    expect(splitAddressList('"Doe, Jane" <jane@example.com>, bob@example.com')).toEqual(['"Doe, Jane" <jane@example.com>', "bob@example.com"]);
    expect(countAddresses("a@x.io, b@x.io,, c@x.io ")).toBe(3);
    expect(addressOf(" Jane <jane@example.com> ")).toBe("jane@example.com");
  });
});

describe("text", () => {
  it("clips by code points", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("abc", 4)).toBe("abc");
    expect(clip("😀😀😀😀😀", 3)).toBe("😀😀…");
    expect(quote("x".repeat(100), 10)).toBe(JSON.stringify(`${"x".repeat(9)}…`));
    expect(plural(1, "event")).toBe("1 event");
    expect(plural(2, "activity", "activities")).toBe("2 activities");
    expect(listed(["a", "b", "c", "d"], 2)).toBe("a; b; and 2 more");
  });

  it("clips exactly as counting Array.from's code points would, lone surrogates and pairs cut at the read limit included", () => {
    // The definition the scan replaced: the first 2×max+2 units as code points, max-1 of them and "…" when there are more.
    const byArray = (text: string, max: number) => {
      if (text.length <= max) return text;
      const head = Array.from(text.slice(0, max * 2 + 2));
      return head.length > max ? `${head.slice(0, Math.max(0, max - 1)).join("")}…` : head.join("");
    };
    const unit = fc.oneof(
      fc.constantFrom("a", "é", "😀", "\ud83d", "\ude00", "\n"),
      fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }).map((u) => u.join("")), fc.integer({ min: 0, max: 30 }), (text, max) => {
        expect(clip(text, max)).toBe(byArray(text, max));
      }),
      { numRuns: 2000 },
    );
    expect(clip("😀".repeat(5), 1)).toBe("…");
    expect(clip("a😀".repeat(3), 3)).toBe("a😀…");
  });
});

// Each function on 1 MiB hostile strings: the shapes that make backtracking
// patterns explode (long runs that almost match). A linear scan finishes in
// milliseconds; the bound below only catches a regression to quadratic time.
describe("1 MiB hostile strings", () => {
  const MiB = 1 << 20;
  const hostile: Record<string, string> = {
    at_runs: "a@".repeat(MiB / 2),
    dots: "a.".repeat(MiB / 2),
    local_then_at: `${"a".repeat(MiB - 1)}@`,
    email_no_tld: `x@${"a-".repeat(MiB / 2 - 1)}`,
    digits: "1".repeat(MiB),
    digit_groups: "123-".repeat(MiB / 4),
    plus_phone: "+1 ".repeat(MiB / 3),
    dotted_digits: "1.".repeat(MiB / 2),
    spaces: " ".repeat(MiB),
    camel: "aB".repeat(MiB / 2),
    underscores: "_a".repeat(MiB / 2),
    emails: "jane@example.com,".repeat(MiB / 17),
    quotes: '"<,'.repeat(MiB / 3),
    unicode: "é".repeat(MiB),
  };
  const fns: Array<[string, (s: string) => unknown]> = [
    ["findPersonalData", findPersonalData],
    ["maskPersonalData", (s) => maskPersonalData(s)],
    ["isValidEmail", isValidEmail],
    ["looksLikeEmail", looksLikeEmail],
    ["isE164Phone", isE164Phone],
    ["toE164", toE164],
    ["splitAddressList", (s) => splitAddressList(s)],
    ["countAddresses", countAddresses],
    ["addressOf", addressOf],
    ["isTimestampKey", isTimestampKey],
    ["numericValue", numericValue],
    ["readTimestamp", readTimestamp],
    ["parseIsoTimestamp", parseIsoTimestamp],
    ["eventNameConvention", eventNameConvention],
    ["describeEventNameStyle", describeEventNameStyle],
    ["normalizeEventName", normalizeEventName],
    ["dynamicPartOfEventName", dynamicPartOfEventName],
    ["eventNameShape", eventNameShape],
    ["compareEventNames", (s) => compareEventNames(s, `${s}x`)],
    ["isPersonalFieldName", (s) => isPersonalFieldName(s)],
    ["nameWords", nameWords],
    ["clip", (s) => clip(s, 80)],
  ];
  const timings: string[] = [];
  for (const [fname, fn] of fns) {
    it(`${fname} stays linear`, () => {
      let worst = 0;
      for (const [label, text] of Object.entries(hostile)) {
        const t0 = performance.now();
        fn(text);
        const ms = performance.now() - t0;
        if (ms > worst) worst = ms;
        // Generous: a quadratic scan of 1 MiB takes minutes, a linear one well under a second.
        expect(ms, `${fname} on ${label}`).toBeLessThan(2000);
      }
      timings.push(`${fname}: worst ${worst.toFixed(1)} ms`);
    });
  }
  it("reports the timings", () => {
    console.log(`1 MiB hostile inputs, worst case per function:\n  ${timings.join("\n  ")}`);
    expect(timings.length).toBe(fns.length);
  });
});

// Track spec components/schemas/activityTypes.
describe("activity types", () => {
  it("reads <metric>_<channel> for every channel, twilio as SMS, the spec's dropped_whatasapp too", () => {
    expect(deliveryActivity("bounced_push")).toEqual({ metric: "bounced", channel: "push" });
    expect(deliveryActivity("dropped_twilio")).toEqual({ metric: "dropped", channel: "SMS" });
    expect(deliveryActivity("dropped_whatasapp")).toEqual({ metric: "dropped", channel: "WhatsApp" });
    expect(deliveryActivity("undeliverable_in_app")).toEqual({ metric: "undeliverable", channel: "in-app" });
    expect(deliveryActivity("suppressed_whatsapp")).toEqual({ metric: "suppressed", channel: "WhatsApp" });
    for (const other of ["sent_email", "opened_push", "failed_attribute_change", "event", "failed_", "_o:1:failed_attribute_change"]) expect(deliveryActivity(other), other).toBeUndefined();
  });
  it("tells data failures from message failures", () => {
    for (const t of ["failed_attribute_change", "failed_event", "failed_batch_update", "relationship_failed_attribute_change", "_o:3:failed_attribute_change", "_r:3:failed_attribute_change"]) expect(isDataFailureActivity(t), t).toBe(true);
    for (const t of ["failed_email", "failed_push", "failed_twilio", "failed_webhook", "failed_in_app", "failed_action", "attribute_change", "bounced_email"]) expect(isDataFailureActivity(t), t).toBe(false);
    expect(DELIVERY_METRIC_CODE.dropped).toBe("failed_message");
  });
});

/**
 * The domain vocabulary: every rule about what a Customer.io value *is*,
 * written once so check_payload, lookup_customer, audit_code and the search
 * never disagree about the same value. All functions are pure and linear in
 * their input (hand scans or regular expressions on bounded strings only),
 * so they are safe on untrusted text of any size.
 *
 * Import from "../domain/index.js":
 *
 * Timestamps (timestamps.ts)
 *   isTimestampKey(key)          one definition of a time key: last word at/on/ts/time/date/datetime/
 *                                timestamp/epoch, or …last_used (signupDate, last_seen_on, ts, created_at,
 *                                createdAt, _timestamp)
 *   isMillisecondTimestamp(v)    number (or numeric string) > MILLISECOND_TIMESTAMP_THRESHOLD (1e11):
 *                                too large for Unix seconds
 *   numericValue(v)              number, or a string holding only a decimal number
 *   numericTimeUnit(n)           seconds | milliseconds | microseconds | nanoseconds
 *   readTimestamp(v)             { kind: seconds | milliseconds | iso | iso_local | not_a_timestamp, seconds? }
 *   parseIsoTimestamp(text)      ISO-8601 / RFC 3339 → { epochMs, zone: utc|offset|none, offsetMinutes }
 *   isoFromUnix(s), describeMilliseconds(n), toUnixSeconds(n)
 *
 * Event names (event-names.ts)
 *   eventNameConvention(name)    snake_case | camelCase | PascalCase | kebab-case | dot.case |
 *                                SCREAMING_CASE | Title Case | spaces | mixed | null (one lower-case word)
 *   describeEventNameStyle(name) "is camelCase" … or undefined when it fits snake_case
 *   normalizeEventName(name)     one normal form for comparison: OrderPlaced / order_placed → orderplaced
 *   compareEventNames(a, b)      identical | spelling (same normal form) | near_miss (one edit) | different
 *   eventNameVariants(names, expected), inconsistentEventNames(names)
 *   dynamicPartOfEventName(name) THE dynamic_event_name verdict for one name (literal or observed):
 *                                { kind, part } for ids, numbers, dates, UUIDs, template leftovers
 *   eventNameShape(name), findDynamicEventNames(names)   `order_{id}_paid` groups
 *   toSnakeCase(name)
 *
 * Personal data (personal-data.ts)
 *   findPersonalData(text)       [{ kind: email|phone|ssn|card_number|ip_address, start, end }]
 *   personalDataKinds(text)      distinct kinds; PERSONAL_DATA_LABELS[kind] for a sentence
 *   personalDataInEventName(n)   THE pii_in_event_name verdict (every kind counts; bare digits never do)
 *   maskPersonalData(text, p?)   "[email]", "[phone]", "[ssn]", "[card]", "[ip]" (or one placeholder)
 *   isPersonalFieldName(name, owner?)   email, userEmail, phone_number, first_name, customer.name, dob…
 *   luhnValid(digits)
 *
 * Identifiers (identifiers.ts)
 *   isValidEmail(text)           a whole, deliverable-looking address
 *   looksLikeEmail(text)         an email where an id belongs (email_as_id)
 *   isE164Phone(text), toE164(text), isCioPathIdentifier(text)
 *   splitAddressList(list), countAddresses(list), addressOf(entry)
 *
 * Activity types (activities.ts), Track spec components/schemas/activityTypes
 *   deliveryActivity(type)       bounced_push → { metric: bounced, channel: push } (every channel; twilio = SMS)
 *   isDataFailureActivity(type)  failed_attribute_change / failed_event / … (not failed_<channel> message failures)
 *   DELIVERY_METRIC_CODE         bounced → bounced, spammed → spam_complaint, undeliverable, failed/dropped/suppressed → failed_message
 *
 * Words and text (words.ts, text.ts)
 *   nameWords(name)              signupDate → [signup, date]; HTTPServer → [http, server]
 *   clip(text, max), quote(text, max), plural(n, word, many?), listed(items, max), utf8Bytes(text)
 */
export * from "./activities.js";
export * from "./event-names.js";
export * from "./identifiers.js";
export * from "./personal-data.js";
export * from "./text.js";
export * from "./timestamps.js";
export * from "./words.js";

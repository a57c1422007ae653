/**
 * Words of a name: `signupDate` → signup date, `CUSTOMERIO_API_KEY` →
 * customerio api key, `HTTPServer` → http server. Scanned by hand, one pass.
 */

type CharClass = "upper" | "lower" | "digit" | "other";

const UNICODE_LETTER = /^\p{L}$/u;

function classOf(ch: string): CharClass {
  const c = ch.charCodeAt(0);
  if (c >= 65 && c <= 90) return "upper";
  if (c >= 97 && c <= 122) return "lower";
  if (c >= 48 && c <= 57) return "digit";
  if (c < 128 || !UNICODE_LETTER.test(ch)) return "other";
  return ch.toLowerCase() !== ch ? "upper" : "lower";
}

/** Lower-cased words of an identifier or name; at most `maxChars` code units are read. */
export function nameWords(name: string, maxChars = 1024): string[] {
  const text = name.length > maxChars ? name.slice(0, maxChars) : name;
  const chars = Array.from(text);
  const classes = chars.map(classOf);
  const words: string[] = [];
  let word = "";
  for (let i = 0; i < chars.length; i++) {
    const cls = classes[i]!;
    if (cls === "other") {
      if (word) words.push(word.toLowerCase());
      word = "";
      continue;
    }
    const prev = i > 0 ? classes[i - 1] : undefined;
    const next = classes[i + 1];
    // aB, 1B: a hump; ABc: the last capital starts a new word (HTTPServer → HTTP Server).
    const hump = cls === "upper" && (prev === "lower" || prev === "digit");
    const acronymEnd = cls === "upper" && prev === "upper" && next === "lower";
    if ((hump || acronymEnd) && word) {
      words.push(word.toLowerCase());
      word = "";
    }
    word += chars[i];
  }
  if (word) words.push(word.toLowerCase());
  return words;
}

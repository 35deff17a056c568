/**
 * Header strings are bytes without a declared encoding. Modern packages use UTF-8; old ones
 * (el5 and earlier) often carry ISO-8859-1 in summaries, changelogs or file names.
 *
 * Rule, per string: valid UTF-8 decodes as UTF-8; anything else decodes as ISO-8859-1 (each byte
 * becomes the code point of the same value), which never fails and loses nothing. This is what
 * libsolv does for the texts it stores (`setutf8string` → `solv_latin1toutf8`).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes `bytes[start, end)` as UTF-8, or as ISO-8859-1 when it is not valid UTF-8. */
export function decodeHeaderString(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return latin1(bytes, start, end);
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    return latin1(bytes, start, end);
  }
}

/** ISO-8859-1, not the WHATWG "latin1" label (which is windows-1252 and remaps 0x80–0x9f). */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  }
  return out;
}

/** Standard base64 (RFC 4648 section 4) as the C2SP formats use it. */

export function encodeBase64(bytes: Uint8Array): string {
  // btoa/atob exist in Node >= 16 and in browsers, so this module runs in both.
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Decodes only canonical padded base64; undefined for anything else, because decoders
 * silently skip bad characters or ignore stray bits and two different texts must never carry the same signature.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return encodeBase64(bytes) === text ? bytes : undefined;
}

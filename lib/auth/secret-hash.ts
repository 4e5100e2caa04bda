/**
 * Cognito's SECRET_HASH = Base64(HMAC-SHA256(clientSecret, username + clientId)).
 * WebCrypto, so middleware (edge) and route handlers (Node) share it.
 */
const encoder = new TextEncoder();

export async function secretHash(clientSecret: string, username: string, clientId: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(clientSecret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(username + clientId)));
  let binary = "";
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Signing in two ways: through the app (the session cookie) and straight at the emulator's
 * InitiateAuth (the tokens), with the same HTTP client (Node's fetch) on both sides.
 */
export interface Credentials {
  username: string;
  password: string;
}

export const ALICE: Credentials = { username: "alice@example.com", password: "Demo-Passw0rd!" };
export const BOB: Credentials = { username: "bob@example.com", password: "Demo-Passw0rd!" };

export interface AppSignIn {
  /** Every Set-Cookie header of the answer, as sent. */
  setCookies: string[];
  /** The Cookie request header a browser would send back. */
  cookieHeader: string;
}

export async function signInThroughApp(baseURL: string, credentials: Credentials): Promise<AppSignIn> {
  const res = await fetch(`${baseURL}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(credentials),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`sign-in through the app answered ${res.status}`);
  const setCookies = res.headers.getSetCookie();
  const cookieHeader = setCookies
    .map((c) => c.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
  if (!cookieHeader) throw new Error("sign-in through the app set no session cookie");
  return { setCookies, cookieHeader };
}

export interface CognitoTokens {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
}

/** USER_PASSWORD_AUTH as the AWS SDK sends it (the emulator checks neither signature nor SECRET_HASH here). */
export async function initiateAuthDirect(endpoint: string, clientId: string, credentials: Credentials): Promise<CognitoTokens> {
  const res = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: JSON.stringify({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: credentials.username, PASSWORD: credentials.password },
    }),
  });
  const body = (await res.json()) as { AuthenticationResult?: CognitoTokens };
  if (res.status !== 200 || !body.AuthenticationResult?.IdToken) throw new Error(`InitiateAuth answered ${res.status}`);
  return body.AuthenticationResult;
}

import { createHmac } from "node:crypto";
import {
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
  InternalErrorException,
  InvalidPasswordException,
  LimitExceededException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  ResourceNotFoundException,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  TooManyRequestsException,
  UserNotConfirmedException,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { refreshTokens, respondToNewPassword, revokeRefreshToken, signIn } from "@/lib/auth/cognito";
import { cognitoClient, cognitoError, resetCognitoClient, type CognitoOperation } from "@/lib/auth/cognito-client";
import { AppError } from "@/lib/auth/errors";
import { CLIENT_SECRET, testConfig } from "./support/config";

/**
 * The Cognito calls against a mocked SDK client: only what the emulator cannot show (it never
 * checks SECRET_HASH, cannot be throttled and does not go down).
 */
const cognito = mockClient(CognitoIdentityProviderClient);
const withSecret = testConfig({ COGNITO_CLIENT_SECRET: CLIENT_SECRET });
const noSecret = testConfig();

const PASSWORD = "Demo-Passw0rd!";
const NEW_PASSWORD = "Brand-New-Passw0rd!";
const REFRESH_TOKEN = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.opaque-refresh-token-value";
const TOKENS = { IdToken: "id.token.value", AccessToken: "access.token.value", RefreshToken: "refresh.token.value", ExpiresIn: 3600 };

const expectedHash = (username: string) => createHmac("sha256", CLIENT_SECRET).update(username + withSecret.clientId).digest("base64");

let consoleError: MockInstance<typeof console.error>;

beforeEach(() => {
  cognito.reset();
  resetCognitoClient();
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  cognito.restore();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the call succeeded").toBeInstanceOf(AppError);
  return err as AppError;
}

function initiateInput(index = 0) {
  const call = cognito.commandCalls(InitiateAuthCommand)[index];
  if (!call) throw new Error(`no InitiateAuth call #${index}`);
  return call.args[0].input;
}

describe("signIn", () => {
  it("sends USER_PASSWORD_AUTH with the SECRET_HASH of the username when the client has a secret", async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: TOKENS });
    const result = await signIn("alice@example.com", PASSWORD, withSecret);
    expect(result).toEqual({
      kind: "signedIn",
      tokens: { idToken: "id.token.value", accessToken: "access.token.value", refreshToken: "refresh.token.value", expiresIn: 3600 },
    });
    expect(initiateInput()).toEqual({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: withSecret.clientId,
      AuthParameters: { USERNAME: "alice@example.com", PASSWORD, SECRET_HASH: expectedHash("alice@example.com") },
    });
  });

  it("sends no SECRET_HASH when the client has no secret", async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: TOKENS });
    await signIn("alice@example.com", PASSWORD, noSecret);
    expect(initiateInput().AuthParameters).toEqual({ USERNAME: "alice@example.com", PASSWORD });
  });

  it("returns the new-password challenge with the internal username Cognito answers to", async () => {
    cognito.on(InitiateAuthCommand).resolves({
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: "cognito-session",
      ChallengeParameters: { USER_ID_FOR_SRP: "5f1d6e2a-dave" },
    });
    expect(await signIn("dave@example.com", "Temp-Passw0rd!", withSecret)).toEqual({
      kind: "newPasswordRequired",
      cognitoSession: "cognito-session",
      username: "5f1d6e2a-dave",
    });
  });

  it("refuses a challenge it does not support with 403", async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "s" });
    const err = await failure(signIn("alice", PASSWORD, noSecret));
    expect(err.status).toBe(403);
    expect(err.details).toEqual([{ source: "signIn", desc: "Unsupported challenge: SOFTWARE_TOKEN_MFA" }]);
  });

  it("reports a result without tokens as 503", async () => {
    cognito.on(InitiateAuthCommand).resolves({});
    expect((await failure(signIn("alice", PASSWORD, noSecret))).status).toBe(503);
  });
});

describe("respondToNewPassword", () => {
  it("answers NEW_PASSWORD_REQUIRED with the SECRET_HASH of the challenge's username", async () => {
    cognito.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: TOKENS });
    const tokens = await respondToNewPassword({ cognitoSession: "cognito-session", username: "5f1d6e2a-dave" }, NEW_PASSWORD, withSecret);
    expect(tokens.idToken).toBe("id.token.value");
    const call = cognito.commandCalls(RespondToAuthChallengeCommand)[0]!;
    expect(call.args[0].input).toEqual({
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      ClientId: withSecret.clientId,
      Session: "cognito-session",
      ChallengeResponses: { USERNAME: "5f1d6e2a-dave", NEW_PASSWORD, SECRET_HASH: expectedHash("5f1d6e2a-dave") },
    });
  });

  it("sends no SECRET_HASH without a client secret", async () => {
    cognito.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: TOKENS });
    await respondToNewPassword({ cognitoSession: "s", username: "dave" }, NEW_PASSWORD, noSecret);
    expect(cognito.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input.ChallengeResponses).toEqual({
      USERNAME: "dave",
      NEW_PASSWORD,
    });
  });

  it("maps a policy rejection to 400 with Cognito's rule text", async () => {
    cognito.on(RespondToAuthChallengeCommand).rejects(
      new InvalidPasswordException({ message: "Password does not conform to policy: Password must have symbol characters", $metadata: { httpStatusCode: 400 } }),
    );
    const err = await failure(respondToNewPassword({ cognitoSession: "s", username: "dave" }, NEW_PASSWORD, noSecret));
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ source: "newPassword", desc: "Password does not conform to policy: Password must have symbol characters" }]);
  });

  it("maps an expired challenge session to 401", async () => {
    cognito.on(RespondToAuthChallengeCommand).rejects(new NotAuthorizedException({ message: "Invalid session for the user.", $metadata: { httpStatusCode: 400 } }));
    const err = await failure(respondToNewPassword({ cognitoSession: "s", username: "dave" }, NEW_PASSWORD, noSecret));
    expect(err.status).toBe(401);
    expect(err.message).toBe("The sign-in step expired, sign in again");
  });
});

describe("refreshTokens", () => {
  it("sends REFRESH_TOKEN_AUTH with the SECRET_HASH of the username it is given", async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { IdToken: "id2", AccessToken: "access2", ExpiresIn: 3600 } });
    const tokens = await refreshTokens(REFRESH_TOKEN, "5f1d6e2a-alice", withSecret);
    expect(tokens).toEqual({ idToken: "id2", accessToken: "access2", refreshToken: undefined, expiresIn: 3600 });
    expect(initiateInput()).toEqual({
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: withSecret.clientId,
      AuthParameters: { REFRESH_TOKEN, SECRET_HASH: expectedHash("5f1d6e2a-alice") },
    });
  });

  it("sends no SECRET_HASH without a client secret, with or without a username", async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: TOKENS });
    await refreshTokens(REFRESH_TOKEN, "alice", noSecret);
    await refreshTokens(REFRESH_TOKEN, undefined, noSecret);
    expect(initiateInput(0).AuthParameters).toEqual({ REFRESH_TOKEN });
    expect(initiateInput(1).AuthParameters).toEqual({ REFRESH_TOKEN });
  });

  it("refuses with 400, without calling Cognito, when the client has a secret and no username is given", async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: TOKENS });
    for (const username of [undefined, ""]) {
      const err = await failure(refreshTokens(REFRESH_TOKEN, username, withSecret));
      expect(err.status).toBe(400);
      expect(err.details[0]?.source).toBe("refreshToken");
    }
    expect(cognito.commandCalls(InitiateAuthCommand)).toHaveLength(0);
  });

  it("maps a revoked or expired refresh token to 401", async () => {
    cognito.on(InitiateAuthCommand).rejects(new NotAuthorizedException({ message: "Refresh Token has been revoked", $metadata: { httpStatusCode: 400 } }));
    const err = await failure(refreshTokens(REFRESH_TOKEN, "alice", noSecret));
    expect(err.status).toBe(401);
    expect(err.message).toBe("Session expired, sign in again");
  });
});

describe("revokeRefreshToken", () => {
  it("sends the client secret with RevokeToken", async () => {
    cognito.on(RevokeTokenCommand).resolves({});
    await revokeRefreshToken(REFRESH_TOKEN, withSecret);
    expect(cognito.commandCalls(RevokeTokenCommand)[0]!.args[0].input).toEqual({
      Token: REFRESH_TOKEN,
      ClientId: withSecret.clientId,
      ClientSecret: CLIENT_SECRET,
    });
  });

  it("sends no client secret when there is none", async () => {
    cognito.on(RevokeTokenCommand).resolves({});
    await revokeRefreshToken(REFRESH_TOKEN, noSecret);
    expect(cognito.commandCalls(RevokeTokenCommand)[0]!.args[0].input.ClientSecret).toBeUndefined();
  });

  it("maps an unsupported token type to 400", async () => {
    cognito.on(RevokeTokenCommand).rejects(
      new CognitoIdentityProviderServiceException({ name: "UnsupportedTokenTypeException", $fault: "client", message: "x", $metadata: { httpStatusCode: 400 } }),
    );
    expect((await failure(revokeRefreshToken(REFRESH_TOKEN, noSecret))).status).toBe(400);
  });
});

describe("Cognito error mapping on sign-in", () => {
  const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
  const INVALID = "Incorrect username or password";

  it("gives a wrong password, an unknown user and a bad SECRET_HASH one identical 401", async () => {
    const errors = [
      new NotAuthorizedException({ message: "Incorrect username or password.", ...meta(400) }),
      new InvalidPasswordException({ message: "Incorrect password", ...meta(400) }),
      new UserNotFoundException({ message: "User does not exist.", ...meta(400) }),
      new NotAuthorizedException({ message: `Unable to verify secret hash for client ${withSecret.clientId}`, ...meta(400) }),
    ];
    const bodies: string[] = [];
    for (const error of errors) {
      cognito.reset();
      cognito.on(InitiateAuthCommand).rejects(error);
      const err = await failure(signIn("alice@example.com", PASSWORD, withSecret));
      expect(err.status).toBe(401);
      expect(err.message).toBe(INVALID);
      bodies.push(JSON.stringify(err.toJSON()));
    }
    expect(new Set(bodies).size, "the responses tell the cases apart").toBe(1);
  });

  it.each([
    ["UserNotConfirmedException", () => new UserNotConfirmedException({ message: "User is not confirmed.", ...meta(400) }), 403],
    ["PasswordResetRequiredException", () => new PasswordResetRequiredException({ message: "Password reset required for the user", ...meta(400) }), 403],
    ["ResourceNotFoundException", () => new ResourceNotFoundException({ message: "User pool client does not exist.", ...meta(400) }), 500],
  ])("maps %s to %i", async (_name, make, status) => {
    cognito.on(InitiateAuthCommand).rejects(make());
    expect((await failure(signIn("alice", PASSWORD, noSecret))).status).toBe(status);
  });

  it.each([
    ["TooManyRequestsException", () => new TooManyRequestsException({ message: "Too many requests", ...meta(429) })],
    ["LimitExceededException", () => new LimitExceededException({ message: "Attempt limit exceeded", ...meta(400) })],
  ])("maps %s to 429 with Retry-After", async (_name, make) => {
    cognito.on(InitiateAuthCommand).rejects(make());
    const err = await failure(signIn("alice", PASSWORD, noSecret));
    expect(err.status).toBe(429);
    expect(Number(err.headers["Retry-After"])).toBeGreaterThan(0);
  });

  it.each([
    ["InternalErrorException", () => new InternalErrorException({ message: "Internal error", ...meta(500) })],
    [
      "a 503 from the service",
      () => new CognitoIdentityProviderServiceException({ name: "ServiceUnavailable", $fault: "server", message: "Service Unavailable", ...meta(503) }),
    ],
    ["a network error (no $metadata)", () => Object.assign(new Error("getaddrinfo ENOTFOUND cognito-idp.eu-west-1.amazonaws.com"), { code: "ENOTFOUND" })],
    ["a TimeoutError", () => Object.assign(new Error("socket hang up"), { name: "TimeoutError" })],
  ])("maps %s to 503 Authentication service unavailable", async (_name, make) => {
    cognito.on(InitiateAuthCommand).rejects(make());
    const err = await failure(signIn("alice", PASSWORD, noSecret));
    expect(err.status).toBe(503);
    expect(err.message).toBe("Authentication service unavailable");
    expect(err.headers["Retry-After"]).toBeDefined();
  });
});

describe("nothing secret leaves through errors or logs", () => {
  // Error messages built to echo every secret the caller sent, as a careless upstream might.
  const echo = `alice@example.com ${PASSWORD} ${NEW_PASSWORD} ${REFRESH_TOKEN} ${CLIENT_SECRET}`;
  const upstream: [string, () => Error][] = [
    ["NotAuthorized", () => new NotAuthorizedException({ message: echo, $metadata: { httpStatusCode: 400 } })],
    ["InvalidPassword", () => new InvalidPasswordException({ message: echo, $metadata: { httpStatusCode: 400 } })],
    ["InternalError", () => new InternalErrorException({ message: echo, $metadata: { httpStatusCode: 500 } })],
    ["ResourceNotFound", () => new ResourceNotFoundException({ message: echo, $metadata: { httpStatusCode: 400 } })],
    ["network", () => new Error(echo)],
  ];
  const secrets = [PASSWORD, NEW_PASSWORD, REFRESH_TOKEN, CLIENT_SECRET];

  function exposed(err: AppError): string {
    const logged = consoleError.mock.calls.flat().map(String).join("\n");
    return [JSON.stringify(err.toJSON()), JSON.stringify(err.headers), err.message, logged].join("\n");
  }

  it.each(upstream)("%s: signIn, newPassword, refresh and revoke errors hold no password, token or secret", async (_name, make) => {
    cognito.on(InitiateAuthCommand).rejects(make());
    cognito.on(RespondToAuthChallengeCommand).rejects(make());
    cognito.on(RevokeTokenCommand).rejects(make());
    const errors = [
      await failure(signIn("alice@example.com", PASSWORD, withSecret)),
      await failure(respondToNewPassword({ cognitoSession: "s", username: "alice" }, NEW_PASSWORD, withSecret)),
      await failure(refreshTokens(REFRESH_TOKEN, "alice", withSecret)),
      await failure(revokeRefreshToken(REFRESH_TOKEN, withSecret)),
    ];
    for (const err of errors) {
      const text = exposed(err);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it("logs outages by error name only", async () => {
    cognito.on(InitiateAuthCommand).rejects(new InternalErrorException({ message: echo, $metadata: { httpStatusCode: 500 } }));
    await failure(signIn("alice@example.com", PASSWORD, noSecret));
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(String(consoleError.mock.calls[0]![0])).toContain("InternalErrorException");
    expect(String(consoleError.mock.calls[0]![0])).not.toContain("alice@example.com");
  });
});

describe("cognitoError", () => {
  const operations: CognitoOperation[] = ["signIn", "newPassword", "refreshToken", "signOut"];

  it("names the operation in the detail source", () => {
    for (const op of operations) {
      const err = cognitoError(new UserNotConfirmedException({ message: "m", $metadata: { httpStatusCode: 400 } }), op);
      expect(err.details).toEqual([{ source: op, desc: "User is not confirmed" }]);
    }
  });

  it("passes an AppError through untouched", () => {
    const original = new AppError("Conflict", "already");
    expect(cognitoError(original, "signIn")).toBe(original);
  });

  it("treats a thrown non-Error as an outage", () => {
    expect(cognitoError("boom", "signIn").status).toBe(503);
    expect(cognitoError(undefined, "signOut").status).toBe(503);
  });
});

describe("cognitoClient", () => {
  it("keeps one client per process until reset", () => {
    const first = cognitoClient(noSecret);
    expect(cognitoClient(noSecret)).toBe(first);
    resetCognitoClient();
    expect(cognitoClient(noSecret)).not.toBe(first);
  });

  it("points at the emulator with dummy credentials and few retries in local mode", async () => {
    const local = testConfig({ COGNITO_LOCAL: "1", COGNITO_ENDPOINT: "http://127.0.0.1:9229" });
    const client = cognitoClient(local);
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: "local", secretAccessKey: "local" });
    expect(await client.config.maxAttempts()).toBe(2);
    expect(await client.config.region()).toBe("eu-west-1");
    const endpoint = await client.config.endpoint?.();
    expect(endpoint?.hostname).toBe("127.0.0.1");
    expect(endpoint?.port).toBe(9229);
  });
});

/* The C API against the project's local mock of the Backend API
 * (tests/mock-server): calls, typed errors, token verification,
 * request authentication, webhooks and bad input. Built and run by
 * bindings/c/scripts/test.sh against the real shared library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clerk_backend.h"

static int failures = 0;
#define CHECK(cond, ...)                                                        \
  do {                                                                          \
    if (cond) {                                                                 \
      printf("ok   %s\n", #cond);                                               \
    } else {                                                                    \
      failures++;                                                               \
      printf("FAIL %s:%d: %s -- ", __FILE__, __LINE__, #cond);                  \
      printf(__VA_ARGS__);                                                      \
      printf("\n");                                                             \
    }                                                                           \
  } while (0)

static int eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* The first string value of `"key":"<prefix>…"` in compact JSON (test helper only). */
static char *json_str(const char *json, const char *key, const char *prefix) {
  char pat[128];
  snprintf(pat, sizeof pat, "\"%s\":\"%s", key, prefix);
  const char *p = json ? strstr(json, pat) : NULL;
  if (!p) return NULL;
  p += strlen(pat) - strlen(prefix);
  const char *end = strchr(p, '"');
  if (!end) return NULL;
  char *out = malloc((size_t)(end - p) + 1);
  memcpy(out, p, (size_t)(end - p));
  out[end - p] = 0;
  return out;
}

int main(void) {
  const char *api = getenv("CLERK_API_URL"); /* the mock, ending in /v1 */
  if (!api) { fprintf(stderr, "set CLERK_API_URL to the mock server\n"); return 2; }
  char base[512];
  snprintf(base, sizeof base, "%.*s", (int)(strlen(api) - 3), api); /* without /v1 */

  CHECK(eq(clerk_version(), "0.1.0"), "version %s", clerk_version());

  char opts[1024];
  snprintf(opts, sizeof opts, "{\"secret_key\":\"sk_test_local_mock\",\"server_url\":\"%s\",\"timeout_ms\":10000}", api);
  clerk_error *err = NULL;
  clerk_client *client = clerk_client_new(opts, &err);
  CHECK(client != NULL && err == NULL, "client_new: %s", clerk_error_message(err));

  /* create, list, get */
  char *user = clerk_client_call(client, "users.create",
                                 "{\"email_address\":[\"c-binding@example.com\"],\"first_name\":\"Ada\",\"public_metadata\":{\"plan\":\"pro\"}}",
                                 &err);
  CHECK(user != NULL, "users.create: %s", clerk_error_message(err));
  char *user_id = json_str(user, "id", "user_");
  CHECK(user_id && strncmp(user_id, "user_", 5) == 0, "id %s", user_id ? user_id : "(none)");
  CHECK(user && strstr(user, "\"plan\":\"pro\""), "metadata kept: %s", user);

  char *list = clerk_client_call(client, "users.list", "{\"limit\":5}", &err);
  CHECK(list && list[0] == '[', "users.list: %s", list ? list : clerk_error_message(err));

  char params[256];
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id ? user_id : "");
  char *got = clerk_client_call(client, "users.get", params, &err);
  char *got_id = json_str(got, "id", "user_");
  CHECK(eq(got_id, user_id), "users.get id %s", got_id ? got_id : "(none)");

  /* typed API error: 404 with code, status and Clerk's error list */
  err = NULL;
  char *missing = clerk_client_call(client, "users.get", "{\"user_id\":\"user_missing\"}", &err);
  CHECK(missing == NULL && err != NULL, "a missing user is an error");
  CHECK(eq(clerk_error_code(err), "api_error"), "code %s", clerk_error_code(err));
  CHECK(clerk_error_status(err) == 404, "status %u", clerk_error_status(err));
  CHECK(clerk_error_body(err) && strstr(clerk_error_body(err), "\"errors\""), "body %s", clerk_error_body(err));
  CHECK(strstr(clerk_error_message(err), "sk_test_local_mock") == NULL, "no secret in the message");
  CHECK(clerk_error_number(err) == 1000, "api_error is number 1000: %u", clerk_error_number(err));
  CHECK(clerk_error_parameter(err) == NULL && clerk_error_retry_after_ms(err) == -1, "no parameter, no Retry-After");
  CHECK(strstr(clerk_error_json(err), "\"code\":\"api_error\"") && strstr(clerk_error_json(err), "\"status\":404"),
        "the whole record as JSON: %s", clerk_error_json(err));
  clerk_error_free(err);

  /* bad input: typed errors before any request, never a crash */
  err = NULL;
  CHECK(clerk_client_call(client, "users.nope", NULL, &err) == NULL && eq(clerk_error_code(err), "invalid_argument"),
        "unknown operation: %s", clerk_error_code(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.get", "{}", &err) == NULL && eq(clerk_error_code(err), "invalid_argument"),
        "missing user_id: %s", clerk_error_code(err));
  CHECK(err && strstr(clerk_error_message(err), "user_id"), "names the parameter: %s", clerk_error_message(err));
  CHECK(eq(clerk_error_parameter(err), "user_id") && clerk_error_number(err) == 2000, "parameter %s",
        clerk_error_parameter(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, NULL, NULL, &err) == NULL && eq(clerk_error_code(err), "invalid_argument"),
        "NULL operation: %s", clerk_error_code(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.list", "{not json", &err) == NULL && eq(clerk_error_code(err), "invalid_argument"),
        "bad JSON: %s", clerk_error_code(err));
  clerk_error_free(err);
  CHECK(clerk_client_call(NULL, "users.list", NULL, NULL) == NULL, "NULL client, NULL err: no crash");
  err = NULL;
  CHECK(clerk_client_new("{\"timeout_ms\":-1}", &err) == NULL && eq(clerk_error_code(err), "invalid_argument"),
        "bad option: %s", clerk_error_code(err));
  clerk_error_free(err);
  err = NULL;
  /* durations past the core's maximum are invalid_argument, not a panic (internal) */
  CHECK(clerk_client_new("{\"timeout_ms\":1e300}", &err) == NULL && eq(clerk_error_code(err), "invalid_argument"),
        "huge timeout: %s", clerk_error_code(err));
  clerk_error_free(err);
  err = NULL;
  /* a path parameter that is a dot segment is refused before sending */
  CHECK(clerk_client_call(client, "users.delete", "{\"user_id\":\"..\"}", &err) == NULL
            && eq(clerk_error_code(err), "invalid_argument"),
        "dot segment: %s", clerk_error_code(err));
  clerk_error_free(err);
  err = NULL;

  /* without a key (the script unsets CLERK_SECRET_KEY) an operation that needs one says how to give it in C */
  char keyless_opts[1024];
  snprintf(keyless_opts, sizeof keyless_opts, "{\"server_url\":\"%s\"}", api);
  err = NULL;
  clerk_client *keyless = clerk_client_new(keyless_opts, &err);
  CHECK(keyless != NULL, "keyless client_new: %s", clerk_error_message(err));
  CHECK(clerk_client_call(keyless, "users.list", NULL, &err) == NULL && eq(clerk_error_code(err), "config_error"),
        "no key: %s", clerk_error_code(err));
  CHECK(err && strstr(clerk_error_message(err), "\"secret_key\"") && !strstr(clerk_error_message(err), "ClientOptions"),
        "names the C option: %s", clerk_error_message(err));
  clerk_error_free(err);
  clerk_client_free(keyless);

  /* a session token, verified through the mock's JWKS */
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id ? user_id : "");
  char *session = clerk_client_call(client, "sessions.create", params, &err);
  char *session_id = json_str(session, "id", "sess_");
  snprintf(params, sizeof params, "{\"session_id\":\"%s\"}", session_id ? session_id : "");
  char *token_json = clerk_client_call(client, "sessions.create_token", params, &err);
  char *token = json_str(token_json, "jwt", "");
  CHECK(token != NULL, "session token: %s", token_json ? token_json : clerk_error_message(err));

  char vopts[1024];
  snprintf(vopts, sizeof vopts, "{\"secret_key\":\"sk_test_local_mock\",\"api_url\":\"%s\"}", base);
  err = NULL;
  char *claims = clerk_verify_token(token, vopts, &err);
  char *sub = json_str(claims, "sub", "");
  CHECK(eq(sub, user_id), "verify_token sub %s (%s)", sub ? sub : "(none)", clerk_error_message(err));

  size_t n = token ? strlen(token) : 0;
  char original = n > 0 ? token[n - 2] : 0;
  if (n > 0) token[n - 2] = original == 'A' ? 'B' : 'A'; /* tamper with the signature */
  err = NULL;
  CHECK(clerk_verify_token(token, vopts, &err) == NULL && eq(clerk_error_code(err), "token_verification"),
        "tampered token: %s", clerk_error_code(err));
  CHECK(eq(clerk_error_reason(err), "token-invalid-signature"), "reason %s", clerk_error_reason(err));
  CHECK(token && strstr(clerk_error_message(err), token) == NULL, "no token in the message");
  clerk_error_free(err);
  if (n > 0) token[n - 2] = original;

  /* request authentication */
  char req[4096], aopts[1024];
  snprintf(req, sizeof req,
           "{\"method\":\"GET\",\"url\":\"https://app.example.com/x\",\"headers\":[[\"authorization\",\"Bearer %s\"]]}",
           token ? token : "");
  snprintf(aopts, sizeof aopts,
           "{\"secret_key\":\"sk_test_local_mock\",\"publishable_key\":\"pk_test_Y2xlcmsubW9jay5sb2NhbGhvc3Qk\",\"api_url\":\"%s\"}",
           base);
  err = NULL;
  char *state = clerk_authenticate_request(req, aopts, &err);
  CHECK(state && strstr(state, "\"is_signed_in\":true"), "authenticate_request: %s", state ? state : clerk_error_message(err));
  char *auth_user = json_str(state ? strstr(state, "\"auth\"") : NULL, "user_id", "");
  CHECK(eq(auth_user, user_id), "auth.user_id %s", auth_user ? auth_user : "(none)");
  char *signed_out = clerk_authenticate_request("{\"url\":\"https://app.example.com/x\",\"headers\":{}}", aopts, &err);
  CHECK(signed_out && strstr(signed_out, "\"status\":\"signed-out\""), "no token: %s", signed_out ? signed_out : "(null)");
  err = NULL;
  CHECK(clerk_authenticate_request("{\"url\":\"https://a.example\"}", "{\"accepts_token\":\"bogus\"}", &err) == NULL &&
            eq(clerk_error_code(err), "invalid_argument"),
        "bad auth option: %s", clerk_error_code(err));
  clerk_error_free(err);
  /* a misspelled option must not switch its check off: an error naming the key */
  snprintf(vopts, sizeof vopts,
           "{\"secret_key\":\"sk_test_local_mock\",\"api_url\":\"%s\",\"authorizedParties\":[\"https://other.example\"]}",
           base);
  err = NULL;
  CHECK(clerk_verify_token(token, vopts, &err) == NULL && eq(clerk_error_code(err), "invalid_argument") &&
            strstr(clerk_error_message(err), "authorizedParties") != NULL,
        "misspelled option: %s %s", clerk_error_code(err), clerk_error_message(err));
  clerk_error_free(err);

  /* webhooks: a missing secret and a bad signature are typed errors */
  const char *body = "{\"type\":\"user.created\",\"data\":{}}";
  err = NULL;
  CHECK(clerk_verify_webhook((const uint8_t *)body, strlen(body),
                             "{\"svix-id\":\"msg_1\",\"svix-timestamp\":\"1\",\"svix-signature\":\"v1,AAAA\"}",
                             "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &err) == NULL,
        "bad webhook accepted");
  CHECK(eq(clerk_error_code(err), "webhook_verification"), "code %s", clerk_error_code(err));
  clerk_error_free(err);

  clerk_string_free(user); clerk_string_free(list); clerk_string_free(got); clerk_string_free(session);
  clerk_string_free(token_json); clerk_string_free(claims); clerk_string_free(state); clerk_string_free(signed_out);
  free(user_id); free(got_id); free(session_id); free(token); free(sub); free(auth_user);
  clerk_client_free(client);
  clerk_string_free(NULL);
  clerk_error_free(NULL);
  CHECK(clerk_error_json(NULL) == NULL && clerk_error_number(NULL) == 0 && clerk_error_retry_after_ms(NULL) == -1,
        "accessors take NULL");
  clerk_client_free(NULL);

  printf("%s: %d failure(s)\n", failures ? "FAILED" : "passed", failures);
  return failures ? 1 : 0;
}

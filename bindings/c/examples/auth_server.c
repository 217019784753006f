/* Request authentication as an HTTP server does it: each request's method,
 * URL and headers go to clerk_authenticate_request, and the state decides
 * the answer (200 with the user, or 401 with Clerk's x-clerk-auth-* headers).
 * One authenticator for the whole server keeps the fetched JWKS cached.
 * Here the "server" is a handler function fed two requests, one with a
 * session token minted by the local mock and one without.
 *   cc auth_server.c $(pkg-config --cflags --libs clerk-backend) */
#include "common.h"

static clerk_authenticator *auth;
static char auth_options[1024];

/* Returns the HTTP status the server would answer with. */
static int handle(const char *method, const char *url, const char *authorization) {
  char request[4096];
  if (authorization)
    snprintf(request, sizeof request, "{\"method\":\"%s\",\"url\":\"%s\",\"headers\":[[\"authorization\",\"%s\"]]}", method,
             url, authorization);
  else
    snprintf(request, sizeof request, "{\"method\":\"%s\",\"url\":\"%s\",\"headers\":[]}", method, url);
  clerk_error *err = NULL;
  char *state = NULL;
  if (clerk_authenticate_request(auth, request, auth_options, &state, &err) != CLERK_RESULT_OK) {
    fprintf(stderr, "misconfigured: %s\n", clerk_error_message(err)); /* not the client's fault */
    clerk_error_free(err);
    return 500;
  }
  int status;
  if (strstr(state, "\"is_signed_in\":true")) {
    char *user = field(strstr(state, "\"auth\""), "user_id", "");
    printf("%s %s -> 200 hello %s\n", method, url, user);
    free(user);
    status = 200;
  } else {
    char *reason = field(state, "reason", "");
    printf("%s %s -> 401 (%s)\n", method, url, reason ? reason : "signed out");
    free(reason);
    status = 401;
  }
  clerk_string_free(state);
  return status;
}

int main(void) {
  clerk_error *err = NULL;
  const char *api = getenv("CLERK_API_URL"), *key = getenv("CLERK_SECRET_KEY");
  snprintf(auth_options, sizeof auth_options,
           "{\"secret_key\":\"%s\",\"publishable_key\":\"pk_test_Y2xlcmsubW9jay5sb2NhbGhvc3Qk\",\"api_url\":\"%.*s\"}", key,
           (int)(strlen(api) - 3), api);
  check(clerk_authenticator_new(NULL, &auth, &err), err, "authenticator");

  /* A token for a new user, as a signed-in browser would send it. */
  clerk_client *clerk = NULL;
  char *user = NULL, *session = NULL, *token_json = NULL, params[256];
  check(clerk_client_new(NULL, &clerk, &err), err, "client");
  check(clerk_client_call(clerk, "users.create", "{\"email_address\":[\"server-c@example.com\"]}", NULL, &user, &err), err,
        "users.create");
  char *user_id = field(user, "id", "user_");
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id);
  check(clerk_client_call(clerk, "sessions.create", params, NULL, &session, &err), err, "sessions.create");
  char *session_id = field(session, "id", "sess_");
  snprintf(params, sizeof params, "{\"session_id\":\"%s\"}", session_id);
  check(clerk_client_call(clerk, "sessions.create_token", params, NULL, &token_json, &err), err, "create_token");
  char *token = field(token_json, "jwt", "");
  char bearer[4096];
  snprintf(bearer, sizeof bearer, "Bearer %s", token);

  int ok = handle("GET", "https://app.example.com/dashboard", bearer) == 200 &&
           handle("GET", "https://app.example.com/dashboard", NULL) == 401;

  clerk_string_free(user); clerk_string_free(session); clerk_string_free(token_json);
  free(user_id); free(session_id); free(token);
  clerk_client_free(clerk);
  clerk_authenticator_free(auth);
  return ok ? 0 : 1;
}

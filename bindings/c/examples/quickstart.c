/* The quickstart's job in C: create a user, list users page by page, get
 * one, update its metadata, verify a session token, delete the user.
 * Reads CLERK_SECRET_KEY and CLERK_API_URL (bindings/c/scripts/test.sh
 * points them at the local mock, tests/mock-server, which also mints the
 * session token that a frontend would otherwise send).
 *   cc quickstart.c $(pkg-config --cflags --libs clerk-backend) */
#include "common.h"

int main(void) {
  clerk_error *err = NULL;
  clerk_client *clerk = NULL;
  check(clerk_client_new(NULL, &clerk, &err), err, "client"); /* key and URL from the environment */

  char *user = NULL;
  check(clerk_client_call(clerk, "users.create",
                          "{\"email_address\":[\"quickstart-c@example.com\"],\"first_name\":\"Grace\"}", NULL, &user, &err),
        err, "users.create");
  char *user_id = field(user, "id", "user_");
  printf("created %s\n", user_id);

  clerk_pager *pages = NULL;
  check(clerk_pager_new(clerk, "users.list", "{\"limit\":2}", NULL, &pages, &err), err, "pager");
  size_t total = 0, n = 0;
  for (;;) {
    char *page = NULL;
    check(clerk_pager_next(pages, &page, &n, &err), err, "users.list");
    if (!page) break;
    total += n;
    clerk_string_free(page);
  }
  clerk_pager_free(pages);
  printf("listed %zu users, 2 per page\n", total);

  char params[256], *got = NULL, *updated = NULL;
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id);
  check(clerk_client_call(clerk, "users.get", params, NULL, &got, &err), err, "users.get");
  snprintf(params, sizeof params, "{\"user_id\":\"%s\",\"public_metadata\":{\"plan\":\"pro\"}}", user_id);
  check(clerk_client_call(clerk, "users.update_metadata", params, NULL, &updated, &err), err, "users.update_metadata");
  printf("metadata: %s\n", strstr(updated, "\"plan\":\"pro\"") ? "plan=pro" : "not updated");

  /* A session token as a frontend would send it (minted by the mock). */
  char *session = NULL, *token_json = NULL;
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id);
  check(clerk_client_call(clerk, "sessions.create", params, NULL, &session, &err), err, "sessions.create");
  char *session_id = field(session, "id", "sess_");
  snprintf(params, sizeof params, "{\"session_id\":\"%s\"}", session_id);
  check(clerk_client_call(clerk, "sessions.create_token", params, NULL, &token_json, &err), err, "sessions.create_token");
  char *token = field(token_json, "jwt", "");

  const char *api = getenv("CLERK_API_URL");
  char vopts[1024];
  /* The auth options take the API's host; CLERK_API_URL here ends in /v1. */
  snprintf(vopts, sizeof vopts, "{\"secret_key\":\"%s\",\"api_url\":\"%.*s\"}", getenv("CLERK_SECRET_KEY"),
           (int)(strlen(api) - 3), api);
  clerk_authenticator *auth = NULL;
  char *claims = NULL;
  check(clerk_authenticator_new(NULL, &auth, &err), err, "authenticator");
  check(clerk_verify_token(auth, token, vopts, &claims, &err), err, "verify_token");
  char *sub = field(claims, "sub", "");
  printf("token verified for %s\n", sub);

  char *deleted = NULL;
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id);
  check(clerk_client_call(clerk, "users.delete", params, NULL, &deleted, &err), err, "users.delete");
  printf("deleted %s\n", user_id);
  int ok = sub && strcmp(sub, user_id) == 0 && total > 0;

  clerk_string_free(user); clerk_string_free(got); clerk_string_free(updated); clerk_string_free(session);
  clerk_string_free(token_json); clerk_string_free(claims); clerk_string_free(deleted);
  free(user_id); free(session_id); free(token); free(sub);
  clerk_authenticator_free(auth);
  clerk_client_free(clerk);
  return ok ? 0 : 1;
}

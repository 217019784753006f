/* The C API against the project's local mock of the Backend API
 * (tests/mock-server, CLERK_API_URL) and a small local server of this file's
 * own (trace ids, uploads, slow answers): every exported function, NULL for
 * every pointer argument, invalid UTF-8 and JSON, a 404 with its trace id,
 * pagination to the end, an upload, timeouts, 16 threads sharing a client and
 * an asynchronous call cancelled mid-flight. Built against the staged prefix
 * and run under ASan+UBSan and valgrind by bindings/c/scripts/test.sh. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

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

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The first string value of `"key":"<prefix>…"` in compact JSON (test helper only). */
static char *json_str(const char *json, const char *key, const char *prefix) {
  char pat[128];
  snprintf(pat, sizeof pat, "\"%s\":\"%s", key, prefix);
  const char *p = json ? strstr(json, pat) : NULL;
  if (!p) return NULL;
  p += strlen(pat) - strlen(prefix);
  const char *end = strchr(p, '"');
  if (!end) return NULL;
  char *out = (char *)malloc((size_t)(end - p) + 1);
  memcpy(out, p, (size_t)(end - p));
  out[end - p] = 0;
  return out;
}

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
  return n;
}

/* ---- a local server: /slow answers after a second, /users/user_trace is a
 * 404 with a trace id, /profile_image echoes what it received ---- */
static int srv_fd = -1;
static int srv_port = 0;

static void *serve_one(void *arg) {
  int c = (int)(intptr_t)arg;
  static char buf[1 << 16];
  char *req = (char *)malloc(sizeof buf);
  size_t len = 0;
  size_t want = 0;
  char *head_end = NULL;
  for (;;) {
    ssize_t n = recv(c, req + len, sizeof buf - 1 - len, 0);
    if (n <= 0) break;
    len += (size_t)n;
    req[len] = 0;
    if (!head_end && (head_end = strstr(req, "\r\n\r\n")) != NULL) {
      const char *cl = strstr(req, "content-length: ");
      if (!cl) cl = strstr(req, "Content-Length: ");
      want = (size_t)(head_end + 4 - req) + (cl ? (size_t)atol(cl + 16) : 0);
    }
    int chunked = strstr(req, "transfer-encoding: chunked") != NULL;
    if (head_end && !chunked && len >= want) break;
    if (head_end && chunked && strstr(head_end, "\r\n0\r\n\r\n")) break;
  }
  req[len] = 0;
  char body[512];
  const char *status = "200 OK";
  const char *extra = "";
  if (strstr(req, "/slow")) {
    sleep(1);
    snprintf(body, sizeof body, "{}");
  } else if (strstr(req, "/users/user_trace")) {
    status = "404 Not Found";
    extra = "x-clerk-trace-id: trace_c_test\r\n";
    snprintf(body, sizeof body,
             "{\"errors\":[{\"message\":\"not found\",\"long_message\":\"User not found\",\"code\":\"resource_not_found\"}],"
             "\"clerk_trace_id\":\"trace_c_test\"}");
  } else if (strstr(req, "POST ") == req && strstr(req, "/api_keys/verify") && strstr(req, "ak_c_test_key")) {
    snprintf(body, sizeof body,
             "{\"object\":\"api_key\",\"id\":\"ak_id_1\",\"type\":\"api_key\",\"subject\":\"user_machine\","
             "\"name\":\"reporting-service\",\"claims\":{\"tier\":\"gold\"},\"scopes\":[\"read\"],\"revoked\":false,"
             "\"expired\":false,\"expiration\":null,\"created_at\":1767139200000,\"updated_at\":1767139200000}");
  } else if (strstr(req, "/profile_image")) {
    snprintf(body, sizeof body, "{\"object\":\"user\",\"id\":\"user_up\",\"received\":%zu,\"named\":%s,\"typed\":%s}", len,
             strstr(req, "filename=\"avatar.png\"") ? "true" : "false", strstr(req, "image/png") ? "true" : "false");
  } else {
    status = "404 Not Found";
    snprintf(body, sizeof body, "{\"errors\":[]}");
  }
  char out[1024];
  int n = snprintf(out, sizeof out,
                   "HTTP/1.1 %s\r\ncontent-type: application/json\r\n%scontent-length: %zu\r\nconnection: close\r\n\r\n%s",
                   status, extra, strlen(body), body);
  if (send(c, out, (size_t)n, MSG_NOSIGNAL) < 0) { /* the client went away (cancelled) */ }
  close(c);
  free(req);
  return NULL;
}

static void *serve(void *arg) {
  (void)arg;
  for (;;) {
    int c = accept(srv_fd, NULL, NULL);
    if (c < 0) return NULL;
    pthread_t t;
    pthread_create(&t, NULL, serve_one, (void *)(intptr_t)c);
    pthread_detach(t);
  }
}

static void start_server(void) {
  srv_fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  bind(srv_fd, (struct sockaddr *)&a, sizeof a);
  listen(srv_fd, 64);
  socklen_t l = sizeof a;
  getsockname(srv_fd, (struct sockaddr *)&a, &l);
  srv_port = ntohs(a.sin_port);
  pthread_t t;
  pthread_create(&t, NULL, serve, NULL);
  pthread_detach(t);
}

/* ---- 16 threads sharing one client ---- */
struct shared_call {
  clerk_client *client;
  int ok;
};

static void *list_five_times(void *arg) {
  struct shared_call *s = (struct shared_call *)arg;
  for (int i = 0; i < 5; i++) {
    char *out = NULL;
    if (clerk_client_call(s->client, "users.list", "{\"limit\":3}", NULL, &out, NULL) == CLERK_RESULT_OK && out &&
        out[0] == '[')
      s->ok++;
    clerk_string_free(out);
  }
  return NULL;
}

/* ---- asynchronous calls ---- */
struct completion {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int calls;
  clerk_result result;
  char *json;
};

static void on_done(void *userdata, clerk_result result, char *json, clerk_error *err) {
  struct completion *c = (struct completion *)userdata;
  pthread_mutex_lock(&c->mu);
  c->calls++;
  c->result = result;
  c->json = json;
  clerk_error_free(err);
  pthread_cond_signal(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

static int wait_done(struct completion *c, double seconds) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += (time_t)seconds;
  pthread_mutex_lock(&c->mu);
  while (c->calls == 0 && pthread_cond_timedwait(&c->cv, &c->mu, &until) == 0) {
  }
  int n = c->calls;
  pthread_mutex_unlock(&c->mu);
  return n;
}

/* A NULL in a required argument is CLERK_RESULT_NULL_ARGUMENT naming it, never a crash.
 * A macro: `err` must be read after the call has written it. */
#define expect_null(call, err, param)       \
  do {                                      \
    clerk_result r_ = (call);               \
    check_null(r_, (err), (param));         \
  } while (0)
static void check_null(clerk_result r, clerk_error *err, const char *param) {
  CHECK(r == CLERK_RESULT_NULL_ARGUMENT && eq(clerk_error_parameter(err), param) &&
            eq(clerk_error_code(err), "invalid_argument"),
        "NULL %s: result %u, parameter %s", param, (unsigned)r, clerk_error_parameter(err));
  clerk_error_free(err);
}

int main(void) {
  const char *api = getenv("CLERK_API_URL"); /* the mock, ending in /v1 */
  if (!api) { fprintf(stderr, "set CLERK_API_URL to the mock server\n"); return 2; }
  char base[512];
  snprintf(base, sizeof base, "%.*s", (int)(strlen(api) - 3), api); /* without /v1 */
  start_server();
  char local[128];
  snprintf(local, sizeof local, "http://127.0.0.1:%d/v1", srv_port);

  char version[32];
  snprintf(version, sizeof version, "%d.%d.%d", CLERK_VERSION_MAJOR, CLERK_VERSION_MINOR, CLERK_VERSION_PATCH);
  CHECK(eq(clerk_version(), version), "version %s vs defines %s", clerk_version(), version);

  char opts[1024];
  snprintf(opts, sizeof opts, "{\"secret_key\":\"sk_test_local_mock\",\"server_url\":\"%s\",\"timeout_ms\":10000}", api);
  clerk_error *err = NULL;
  clerk_client *client = NULL;
  CHECK(clerk_client_new(opts, &client, &err) == CLERK_RESULT_OK && client != NULL && err == NULL, "client_new: %s",
        clerk_error_message(err));

  /* create, list, get */
  char *user = NULL;
  CHECK(clerk_client_call(client, "users.create",
                          "{\"email_address\":[\"c-binding@example.com\"],\"first_name\":\"Ada\",\"public_metadata\":{\"plan\":\"pro\"}}",
                          NULL, &user, &err) == CLERK_RESULT_OK,
        "users.create: %s", clerk_error_message(err));
  char *user_id = json_str(user, "id", "user_");
  CHECK(user_id && strncmp(user_id, "user_", 5) == 0, "id %s", user_id ? user_id : "(none)");
  CHECK(user && strstr(user, "\"plan\":\"pro\""), "metadata kept: %s", user);

  char params[256];
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id ? user_id : "");
  char *got = NULL;
  CHECK(clerk_client_call(client, "users.get", params, NULL, &got, &err) == CLERK_RESULT_OK, "users.get");
  char *got_id = json_str(got, "id", "user_");
  CHECK(eq(got_id, user_id), "users.get id %s", got_id ? got_id : "(none)");

  /* pagination to the end: every user once, as users.count says */
  char *count_json = NULL;
  CHECK(clerk_client_call(client, "users.count", NULL, NULL, &count_json, &err) == CLERK_RESULT_OK, "users.count");
  const char *tc = count_json ? strstr(count_json, "\"total_count\":") : NULL;
  int total = tc ? atoi(tc + 14) : -1;
  clerk_pager *pager = NULL;
  CHECK(clerk_pager_new(client, "users.list", "{\"limit\":2}", NULL, &pager, &err) == CLERK_RESULT_OK, "pager_new: %s",
        clerk_error_message(err));
  int pages = 0, items = 0, counted = 0;
  for (;;) {
    char *page = NULL;
    size_t n = 99;
    if (clerk_pager_next(pager, &page, &n, &err) != CLERK_RESULT_OK) {
      CHECK(0, "pager_next: %s", clerk_error_message(err));
      break;
    }
    if (!page) {
      CHECK(n == 0, "the end has no items: %zu", n);
      break;
    }
    pages++;
    items += (int)n;
    counted += count(page, "\"object\":\"user\"");
    clerk_string_free(page);
  }
  CHECK(total > 2 && items == total && counted == total && pages == (total + 1) / 2, "pages %d items %d counted %d of %d",
        pages, items, counted, total);
  char *after = (char *)"untouched";
  CHECK(clerk_pager_next(pager, &after, NULL, &err) == CLERK_RESULT_OK && after == NULL, "stays at the end");
  clerk_pager_free(pager);

  /* update metadata */
  snprintf(params, sizeof params, "{\"user_id\":\"%s\",\"public_metadata\":{\"plan\":\"team\"}}", user_id ? user_id : "");
  char *updated = NULL;
  CHECK(clerk_client_call(client, "users.update_metadata", params, NULL, &updated, &err) == CLERK_RESULT_OK &&
            strstr(updated, "\"plan\":\"team\""),
        "update_metadata: %s", updated ? updated : clerk_error_message(err));

  /* a 404 with its trace id, from the local server via the per-call server_url */
  char call_opts[512];
  snprintf(call_opts, sizeof call_opts, "{\"server_url\":\"%s\",\"retry\":{\"strategy\":\"none\"},\"headers\":{\"x-test\":\"1\"}}", local);
  char *missing = (char *)"untouched";
  err = NULL;
  CHECK(clerk_client_call(client, "users.get", "{\"user_id\":\"user_trace\"}", call_opts, &missing, &err) ==
            CLERK_RESULT_API_ERROR,
        "a missing user is an API error");
  CHECK(eq(missing, "untouched"), "the out-parameter is untouched on failure");
  CHECK(eq(clerk_error_code(err), "api_error") && clerk_error_number(err) == CLERK_RESULT_API_ERROR, "code %s",
        clerk_error_code(err));
  CHECK(clerk_error_status(err) == 404, "status %u", clerk_error_status(err));
  CHECK(eq(clerk_error_trace_id(err), "trace_c_test"), "trace id %s", clerk_error_trace_id(err));
  CHECK(clerk_error_body(err) && strstr(clerk_error_body(err), "\"errors\""), "body %s", clerk_error_body(err));
  CHECK(strstr(clerk_error_message(err), "sk_test_local_mock") == NULL, "no secret in the message");
  CHECK(clerk_error_reason(err) == NULL && clerk_error_parameter(err) == NULL && clerk_error_retry_after_ms(err) == -1,
        "no reason, parameter, Retry-After");
  CHECK(strstr(clerk_error_json(err), "\"code\":\"api_error\"") && strstr(clerk_error_json(err), "\"status\":404") &&
            strstr(clerk_error_json(err), "resource_not_found"),
        "the whole record as JSON: %s", clerk_error_json(err));
  clerk_error_free(err);

  /* uploads: from a buffer and from a path */
  static const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1, 2, 3};
  clerk_upload *buf_up = NULL, *path_up = NULL;
  CHECK(clerk_upload_from_buffer("file", png, sizeof png, "avatar.png", "image/png", &buf_up, &err) == CLERK_RESULT_OK,
        "upload_from_buffer");
  char tmp_path[] = "/tmp/clerk-c-test-XXXXXX";
  int fd = mkstemp(tmp_path);
  CHECK(fd >= 0 && write(fd, png, sizeof png) == (ssize_t)sizeof png, "temp file");
  close(fd);
  CHECK(clerk_upload_from_path("file", tmp_path, "avatar.png", NULL, &path_up, &err) == CLERK_RESULT_OK, "upload_from_path");
  const clerk_upload *files[1] = {buf_up};
  char *up = NULL;
  CHECK(clerk_client_call_with_files(client, "users.set_profile_image", "{\"user_id\":\"user_up\"}", call_opts, files, 1,
                                     &up, &err) == CLERK_RESULT_OK &&
            strstr(up, "\"named\":true") && strstr(up, "\"typed\":true"),
        "upload from a buffer: %s", up ? up : clerk_error_message(err));
  clerk_string_free(up);
  up = NULL;
  files[0] = path_up;
  CHECK(clerk_client_call_with_files(client, "users.set_profile_image", "{\"user_id\":\"user_up\"}", call_opts, files, 1,
                                     &up, &err) == CLERK_RESULT_OK &&
            strstr(up, "\"named\":true") && strstr(up, "\"typed\":true"),
        "upload from a path (type guessed): %s", up ? up : clerk_error_message(err));
  clerk_string_free(up);
  unlink(tmp_path);
  up = NULL;
  err = NULL;
  CHECK(clerk_client_call_with_files(client, "users.set_profile_image", "{\"user_id\":\"user_up\"}", call_opts, files, 1,
                                     &up, &err) != CLERK_RESULT_OK && up == NULL,
        "a deleted file fails the call: %s", clerk_error_code(err));
  clerk_error_free(err);
  clerk_upload_free(buf_up);
  clerk_upload_free(path_up);

  /* a timeout against the local server, bounded in time */
  snprintf(call_opts, sizeof call_opts, "{\"server_url\":\"%s\",\"retry\":{\"strategy\":\"none\"},\"timeout_ms\":200}", local);
  double t0 = now_s();
  err = NULL;
  char *slow = NULL;
  CHECK(clerk_client_call(client, "users.get", "{\"user_id\":\"slow\"}", call_opts, &slow, &err) == CLERK_RESULT_TIMEOUT &&
            eq(clerk_error_code(err), "timeout"),
        "timeout: %s", clerk_error_code(err));
  CHECK(now_s() - t0 < 0.9, "the timeout held: %.2fs", now_s() - t0);
  clerk_error_free(err);

  /* 16 threads sharing the client */
  pthread_t threads[16];
  struct shared_call shared[16];
  for (int i = 0; i < 16; i++) {
    shared[i].client = client;
    shared[i].ok = 0;
    pthread_create(&threads[i], NULL, list_five_times, &shared[i]);
  }
  int ok_calls = 0;
  for (int i = 0; i < 16; i++) {
    pthread_join(threads[i], NULL);
    ok_calls += shared[i].ok;
  }
  CHECK(ok_calls == 80, "16 threads x 5 calls: %d ok", ok_calls);

  /* an asynchronous call that completes, then one cancelled mid-flight */
  struct completion done = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, CLERK_RESULT_PANIC, NULL};
  clerk_call_handle *h = NULL;
  CHECK(clerk_client_call_async(client, "users.list", "{\"limit\":1}", NULL, NULL, 0, on_done, &done, &h, &err) ==
            CLERK_RESULT_OK,
        "call_async");
  CHECK(wait_done(&done, 10) == 1 && done.result == CLERK_RESULT_OK && done.json && done.json[0] == '[',
        "the callback came once with the body");
  CHECK(clerk_call_handle_cancel(h, &err) == CLERK_RESULT_OK, "cancelling a finished call does nothing");
  clerk_string_free(done.json);
  clerk_call_handle_free(h);

  snprintf(call_opts, sizeof call_opts, "{\"server_url\":\"%s\",\"retry\":{\"strategy\":\"none\"}}", local);
  struct completion cancelled = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, CLERK_RESULT_PANIC, NULL};
  h = NULL;
  CHECK(clerk_client_call_async(client, "users.get", "{\"user_id\":\"slow\"}", call_opts, NULL, 0, on_done, &cancelled,
                                &h, &err) == CLERK_RESULT_OK,
        "slow call_async");
  usleep(200 * 1000); /* the request is at the server, which answers after a second */
  CHECK(clerk_call_handle_cancel(h, &err) == CLERK_RESULT_OK, "cancel");
  clerk_call_handle_free(h);
  usleep(1300 * 1000); /* past the server's answer */
  pthread_mutex_lock(&cancelled.mu);
  CHECK(cancelled.calls == 0, "no callback after cancel: %d", cancelled.calls);
  pthread_mutex_unlock(&cancelled.mu);

  /* bad input: typed errors before any request, never a crash */
  char *o = NULL;
  err = NULL;
  CHECK(clerk_client_call(client, "users.nope", NULL, NULL, &o, &err) == CLERK_RESULT_INVALID_ARGUMENT &&
            eq(clerk_error_parameter(err), "operation"),
        "unknown operation: %s", clerk_error_code(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.get", "{}", NULL, &o, &err) == CLERK_RESULT_INVALID_ARGUMENT &&
            eq(clerk_error_parameter(err), "user_id") && clerk_error_number(err) == 2000,
        "missing user_id: %s", clerk_error_parameter(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.list", "{not json", NULL, &o, &err) == CLERK_RESULT_INVALID_ARGUMENT &&
            eq(clerk_error_parameter(err), "params_json"),
        "bad JSON: %s", clerk_error_parameter(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.list", "[1]", NULL, &o, &err) == CLERK_RESULT_INVALID_ARGUMENT, "not an object");
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.\xff", NULL, NULL, &o, &err) == CLERK_RESULT_INVALID_ARGUMENT &&
            strstr(clerk_error_message(err), "UTF-8"),
        "invalid UTF-8 operation: %s", clerk_error_message(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.list", "{\"limit\":\"\xff\"}", NULL, &o, &err) == CLERK_RESULT_INVALID_ARGUMENT &&
            eq(clerk_error_parameter(err), "params_json"),
        "invalid UTF-8 params: %s", clerk_error_parameter(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.list", NULL, "{\"timeout\":5}", &o, &err) == CLERK_RESULT_INVALID_ARGUMENT &&
            eq(clerk_error_parameter(err), "options.timeout"),
        "unknown call option: %s", clerk_error_parameter(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.list", NULL, "{\"retry\":\"x\"}", &o, &err) == CLERK_RESULT_INVALID_ARGUMENT,
        "bad retries");
  clerk_error_free(err);
  CHECK(clerk_client_call(NULL, "users.list", NULL, NULL, &o, NULL) == CLERK_RESULT_NULL_ARGUMENT && o == NULL,
        "NULL client, NULL err: no crash");
  clerk_client *bad = NULL;
  err = NULL;
  CHECK(clerk_client_new("{\"timeout_ms\":-1}", &bad, &err) == CLERK_RESULT_INVALID_ARGUMENT && bad == NULL &&
            eq(clerk_error_parameter(err), "options.timeout_ms"),
        "bad option: %s", clerk_error_parameter(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_new("{\"timeout_ms\":1e300}", &bad, &err) == CLERK_RESULT_INVALID_ARGUMENT, "huge timeout");
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_new("{\"secret_key\":\"sk_test_x\",\"bogus\":1}", &bad, &err) == CLERK_RESULT_INVALID_ARGUMENT &&
            strstr(clerk_error_message(err), "sk_test_x") == NULL,
        "unknown client option, key not echoed: %s", clerk_error_message(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_client_call(client, "users.delete", "{\"user_id\":\"..\"}", NULL, &o, &err) == CLERK_RESULT_INVALID_ARGUMENT,
        "dot segment");
  clerk_error_free(err);

  /* without a key (the script unsets CLERK_SECRET_KEY) an operation that needs one says how to give it in C */
  char keyless_opts[1024];
  snprintf(keyless_opts, sizeof keyless_opts, "{\"server_url\":\"%s\"}", api);
  clerk_client *keyless = NULL;
  err = NULL;
  CHECK(clerk_client_new(keyless_opts, &keyless, &err) == CLERK_RESULT_OK, "keyless client_new");
  CHECK(clerk_client_call(keyless, "users.list", NULL, NULL, &o, &err) == CLERK_RESULT_CONFIG_ERROR &&
            strstr(clerk_error_message(err), "\"secret_key\""),
        "no key names the C option: %s", clerk_error_message(err));
  clerk_error_free(err);
  clerk_client_free(keyless);

  /* a session token, verified through the mock's JWKS */
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id ? user_id : "");
  char *session = NULL, *token_json = NULL;
  clerk_client_call(client, "sessions.create", params, NULL, &session, &err);
  char *session_id = json_str(session, "id", "sess_");
  snprintf(params, sizeof params, "{\"session_id\":\"%s\"}", session_id ? session_id : "");
  clerk_client_call(client, "sessions.create_token", params, NULL, &token_json, &err);
  char *token = json_str(token_json, "jwt", "");
  CHECK(token != NULL, "session token: %s", token_json ? token_json : "(none)");

  clerk_authenticator *auth = NULL;
  CHECK(clerk_authenticator_new(NULL, &auth, &err) == CLERK_RESULT_OK, "authenticator_new");
  err = NULL;
  CHECK(clerk_authenticator_set_now_ms(auth, 1, &err) == CLERK_RESULT_INVALID_ARGUMENT, "system clock cannot be set");
  clerk_error_free(err);
  char vopts[1024];
  snprintf(vopts, sizeof vopts, "{\"secret_key\":\"sk_test_local_mock\",\"api_url\":\"%s\"}", base);
  char *claims = NULL;
  err = NULL;
  CHECK(clerk_verify_token(auth, token, vopts, &claims, &err) == CLERK_RESULT_OK, "verify_token: %s",
        clerk_error_message(err));
  char *sub = json_str(claims, "sub", "");
  CHECK(eq(sub, user_id), "verify_token sub %s", sub ? sub : "(none)");

  size_t n = token ? strlen(token) : 0;
  char original = n > 0 ? token[n - 2] : 0;
  if (n > 0) token[n - 2] = original == 'A' ? 'B' : 'A'; /* tamper with the signature */
  err = NULL;
  CHECK(clerk_verify_token(auth, token, vopts, &o, &err) == CLERK_RESULT_TOKEN_VERIFICATION &&
            eq(clerk_error_reason(err), "token-invalid-signature"),
        "tampered token: %s", clerk_error_reason(err));
  CHECK(token && strstr(clerk_error_message(err), token) == NULL, "no token in the message");
  clerk_error_free(err);
  if (n > 0) token[n - 2] = original;

  /* a fixed clock: long after the token expired */
  clerk_authenticator *later = NULL;
  CHECK(clerk_authenticator_new("{\"now_ms\":4102444800000}", &later, &err) == CLERK_RESULT_OK, "fixed clock");
  err = NULL;
  CHECK(clerk_verify_token(later, token, vopts, &o, &err) == CLERK_RESULT_TOKEN_VERIFICATION &&
            eq(clerk_error_reason(err), "token-expired"),
        "expired at the fixed clock: %s", clerk_error_reason(err));
  clerk_error_free(err);
  CHECK(clerk_authenticator_set_now_ms(later, 0, NULL) == CLERK_RESULT_OK, "set_now_ms");
  clerk_authenticator_free(later);
  err = NULL;
  CHECK(clerk_authenticator_new("{\"now\":1}", &later, &err) == CLERK_RESULT_INVALID_ARGUMENT, "unknown authenticator option");
  clerk_error_free(err);

  /* machine tokens: an API key the local server knows, then one the mock does not */
  char mopts[512];
  snprintf(mopts, sizeof mopts, "{\"secret_key\":\"sk_test_local_mock\",\"api_url\":\"http://127.0.0.1:%d\"}", srv_port);
  char *machine = NULL;
  err = NULL;
  CHECK(clerk_verify_machine_token(auth, "ak_c_test_key", mopts, &machine, &err) == CLERK_RESULT_OK &&
            strstr(machine, "\"token_type\":\"api_key\"") && strstr(machine, "\"subject\":\"user_machine\"") &&
            strstr(machine, "\"name\":\"reporting-service\""),
        "API key: %s", machine ? machine : clerk_error_message(err));
  clerk_string_free(machine);
  err = NULL;
  CHECK(clerk_verify_machine_token(auth, "ak_unknown", vopts, &o, &err) == CLERK_RESULT_MACHINE_TOKEN_VERIFICATION,
        "unknown API key: %s %s", clerk_error_code(err), clerk_error_message(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_verify_machine_token(auth, token, vopts, &o, &err) == CLERK_RESULT_MACHINE_TOKEN_VERIFICATION,
        "a session token is not a machine token");
  clerk_error_free(err);

  /* request authentication */
  char req[4096], aopts[1024];
  snprintf(req, sizeof req,
           "{\"method\":\"GET\",\"url\":\"https://app.example.com/x\",\"headers\":[[\"authorization\",\"Bearer %s\"]]}",
           token ? token : "");
  snprintf(aopts, sizeof aopts,
           "{\"secret_key\":\"sk_test_local_mock\",\"publishable_key\":\"pk_test_Y2xlcmsubW9jay5sb2NhbGhvc3Qk\",\"api_url\":\"%s\"}",
           base);
  char *state = NULL;
  err = NULL;
  CHECK(clerk_authenticate_request(auth, req, aopts, &state, &err) == CLERK_RESULT_OK && strstr(state, "\"is_signed_in\":true"),
        "authenticate_request: %s", state ? state : clerk_error_message(err));
  char *auth_user = json_str(state ? strstr(state, "\"auth\"") : NULL, "user_id", "");
  CHECK(eq(auth_user, user_id), "auth.user_id %s", auth_user ? auth_user : "(none)");
  char *signed_out = NULL;
  CHECK(clerk_authenticate_request(auth, "{\"url\":\"https://app.example.com/x\",\"headers\":{}}", aopts, &signed_out, &err) ==
                CLERK_RESULT_OK &&
            strstr(signed_out, "\"status\":\"signed-out\""),
        "no token: %s", signed_out ? signed_out : "(null)");
  err = NULL;
  CHECK(clerk_authenticate_request(auth, "{\"url\":\"https://a.example\"}", "{\"accepts_token\":\"bogus\"}", &o, &err) ==
            CLERK_RESULT_INVALID_ARGUMENT,
        "bad auth option: %s", clerk_error_code(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_authenticate_request(auth, "{\"url\":\"https://a.example\",\"verb\":1}", NULL, &o, &err) ==
            CLERK_RESULT_INVALID_ARGUMENT &&
            eq(clerk_error_parameter(err), "request_json.verb"),
        "unknown request key: %s", clerk_error_parameter(err));
  clerk_error_free(err);
  snprintf(vopts, sizeof vopts,
           "{\"secret_key\":\"sk_test_local_mock\",\"api_url\":\"%s\",\"authorizedParties\":[\"https://other.example\"]}",
           base);
  err = NULL;
  CHECK(clerk_verify_token(auth, token, vopts, &o, &err) == CLERK_RESULT_INVALID_ARGUMENT &&
            strstr(clerk_error_message(err), "authorizedParties") != NULL,
        "misspelled option: %s", clerk_error_message(err));
  clerk_error_free(err);

  /* webhooks: a bad signature and a missing secret are typed errors */
  const char *body = "{\"type\":\"user.created\",\"data\":{}}";
  const char *wh = "{\"svix-id\":\"msg_1\",\"svix-timestamp\":\"1\",\"svix-signature\":\"v1,AAAA\"}";
  err = NULL;
  CHECK(clerk_verify_webhook((const uint8_t *)body, strlen(body), wh,
                             "{\"signing_secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\"now_ms\":1000}", &o,
                             &err) == CLERK_RESULT_WEBHOOK_VERIFICATION,
        "bad webhook: %s", clerk_error_code(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_verify_webhook((const uint8_t *)body, strlen(body), wh, NULL, &o, &err) == CLERK_RESULT_WEBHOOK_CONFIG &&
            eq(clerk_error_reason(err), "missing-signing-secret"),
        "no secret: %s", clerk_error_reason(err));
  clerk_error_free(err);
  err = NULL;
  CHECK(clerk_verify_webhook((const uint8_t *)body, strlen(body), wh, "{\"tolerance\":1}", &o, &err) ==
            CLERK_RESULT_INVALID_ARGUMENT,
        "unknown webhook option");
  clerk_error_free(err);

  /* NULL for every pointer argument */
  char *s = NULL;
  clerk_client *c2 = NULL;
  clerk_pager *p2 = NULL;
  clerk_upload *u2 = NULL;
  clerk_authenticator *a2 = NULL;
  clerk_call_handle *h2 = NULL;
  size_t nitems = 0;
  err = NULL; expect_null(clerk_client_new(NULL, NULL, &err), err, "out");
  err = NULL; expect_null(clerk_client_call(NULL, "users.list", NULL, NULL, &s, &err), err, "client");
  err = NULL; expect_null(clerk_client_call(client, NULL, NULL, NULL, &s, &err), err, "operation");
  err = NULL; expect_null(clerk_client_call(client, "users.list", NULL, NULL, NULL, &err), err, "out_json");
  err = NULL; expect_null(clerk_client_call_with_files(client, "users.list", NULL, NULL, NULL, 1, &s, &err), err, "files");
  {
    const clerk_upload *none[1] = {NULL};
    err = NULL; expect_null(clerk_client_call_with_files(client, "users.list", NULL, NULL, none, 1, &s, &err), err, "files[0]");
  }
  err = NULL; expect_null(clerk_client_call_async(NULL, "users.list", NULL, NULL, NULL, 0, on_done, NULL, &h2, &err), err, "client");
  err = NULL; expect_null(clerk_client_call_async(client, NULL, NULL, NULL, NULL, 0, on_done, NULL, &h2, &err), err, "operation");
  err = NULL; expect_null(clerk_client_call_async(client, "users.list", NULL, NULL, NULL, 0, NULL, NULL, &h2, &err), err, "callback");
  err = NULL; expect_null(clerk_client_call_async(client, "users.list", NULL, NULL, NULL, 0, on_done, NULL, NULL, &err), err, "out_handle");
  err = NULL; expect_null(clerk_call_handle_cancel(NULL, &err), err, "handle");
  err = NULL; expect_null(clerk_pager_new(NULL, "users.list", NULL, NULL, &p2, &err), err, "client");
  err = NULL; expect_null(clerk_pager_new(client, NULL, NULL, NULL, &p2, &err), err, "operation");
  err = NULL; expect_null(clerk_pager_new(client, "users.list", NULL, NULL, NULL, &err), err, "out");
  err = NULL; expect_null(clerk_pager_next(NULL, &s, &nitems, &err), err, "pager");
  err = NULL; expect_null(clerk_pager_next((const clerk_pager *)&nitems, NULL, &nitems, &err), err, "out_page_json");
  err = NULL; expect_null(clerk_upload_from_path(NULL, "/x", NULL, NULL, &u2, &err), err, "field");
  err = NULL; expect_null(clerk_upload_from_path("file", NULL, NULL, NULL, &u2, &err), err, "path");
  err = NULL; expect_null(clerk_upload_from_path("file", "/x", NULL, NULL, NULL, &err), err, "out");
  err = NULL; expect_null(clerk_upload_from_buffer(NULL, png, 1, "a", NULL, &u2, &err), err, "field");
  err = NULL; expect_null(clerk_upload_from_buffer("file", NULL, 1, "a", NULL, &u2, &err), err, "data");
  err = NULL; expect_null(clerk_upload_from_buffer("file", png, 1, NULL, NULL, &u2, &err), err, "file_name");
  err = NULL; expect_null(clerk_upload_from_buffer("file", png, 1, "a", NULL, NULL, &err), err, "out");
  err = NULL; expect_null(clerk_authenticator_new(NULL, NULL, &err), err, "out");
  err = NULL; expect_null(clerk_authenticator_set_now_ms(NULL, 0, &err), err, "auth");
  err = NULL; expect_null(clerk_verify_token(NULL, "t", NULL, &s, &err), err, "auth");
  err = NULL; expect_null(clerk_verify_token(auth, NULL, NULL, &s, &err), err, "token");
  err = NULL; expect_null(clerk_verify_token(auth, "t", NULL, NULL, &err), err, "out_claims_json");
  err = NULL; expect_null(clerk_verify_machine_token(NULL, "t", NULL, &s, &err), err, "auth");
  err = NULL; expect_null(clerk_verify_machine_token(auth, NULL, NULL, &s, &err), err, "token");
  err = NULL; expect_null(clerk_verify_machine_token(auth, "t", NULL, NULL, &err), err, "out_json");
  err = NULL; expect_null(clerk_authenticate_request(NULL, "{}", NULL, &s, &err), err, "auth");
  err = NULL; expect_null(clerk_authenticate_request(auth, NULL, NULL, &s, &err), err, "request_json");
  err = NULL; expect_null(clerk_authenticate_request(auth, "{}", NULL, NULL, &err), err, "out_state_json");
  err = NULL; expect_null(clerk_verify_webhook(NULL, 3, wh, NULL, &s, &err), err, "body");
  err = NULL; expect_null(clerk_verify_webhook((const uint8_t *)body, 1, NULL, NULL, &s, &err), err, "headers_json");
  err = NULL; expect_null(clerk_verify_webhook((const uint8_t *)body, 1, wh, NULL, NULL, &err), err, "out_payload_json");
  CHECK(s == NULL && c2 == NULL && p2 == NULL && u2 == NULL && a2 == NULL && h2 == NULL, "no out-parameter written");
  /* NULL err is allowed everywhere */
  CHECK(clerk_client_new("{\"bogus\":1}", &c2, NULL) == CLERK_RESULT_INVALID_ARGUMENT, "NULL err");

  /* delete */
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id ? user_id : "");
  char *deleted = NULL;
  CHECK(clerk_client_call(client, "users.delete", params, NULL, &deleted, &err) == CLERK_RESULT_OK &&
            strstr(deleted, "\"deleted\":true"),
        "users.delete: %s", deleted ? deleted : clerk_error_message(err));
  clerk_string_free(deleted);

  clerk_string_free(user); clerk_string_free(got); clerk_string_free(count_json); clerk_string_free(updated);
  clerk_string_free(session); clerk_string_free(token_json); clerk_string_free(claims); clerk_string_free(state);
  clerk_string_free(signed_out);
  free(user_id); free(got_id); free(session_id); free(token); free(sub); free(auth_user);

  clerk_authenticator_free(auth);
  clerk_client_free(client);
  /* every free and accessor takes NULL */
  clerk_string_free(NULL);
  clerk_error_free(NULL);
  clerk_client_free(NULL);
  clerk_pager_free(NULL);
  clerk_upload_free(NULL);
  clerk_authenticator_free(NULL);
  clerk_call_handle_free(NULL);
  CHECK(clerk_error_json(NULL) == NULL && clerk_error_number(NULL) == 0 && clerk_error_retry_after_ms(NULL) == -1 &&
            clerk_error_code(NULL) == NULL && clerk_error_message(NULL) == NULL && clerk_error_reason(NULL) == NULL &&
            clerk_error_status(NULL) == 0 && clerk_error_trace_id(NULL) == NULL && clerk_error_body(NULL) == NULL &&
            clerk_error_parameter(NULL) == NULL,
        "accessors take NULL");

  printf("%s: %d failure(s)\n", failures ? "FAILED" : "passed", failures);
  return failures ? 1 : 0;
}

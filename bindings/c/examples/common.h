/* Helpers the two examples share: fail loudly, and pull a string field out
 * of compact JSON (a real program would use its JSON library). */
#ifndef CLERK_EXAMPLE_COMMON_H
#define CLERK_EXAMPLE_COMMON_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clerk_backend.h"

/* Exits with the error's code and message when `call` does not return OK.
 * A macro, so that `err` is read after the call wrote it. */
#define check(call, err, what) fail_unless_ok((call), &(err), (what))
static void fail_unless_ok(clerk_result r, clerk_error **errp, const char *what) {
  clerk_error *err = *errp;
  if (r == CLERK_RESULT_OK) return;
  fprintf(stderr, "%s failed: %s (%u): %s\n", what, clerk_error_code(err), (unsigned)r, clerk_error_message(err));
  clerk_error_free(err);
  exit(1);
}

/* A copy of the first `"key":"<prefix>…"` string in `json`, or NULL. */
static char *field(const char *json, const char *key, const char *prefix) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":\"%s", key, prefix);
  const char *p = json ? strstr(json, pat) : NULL;
  if (!p) return NULL;
  p += strlen(pat) - strlen(prefix);
  const char *end = strchr(p, '"');
  char *out = (char *)malloc((size_t)(end - p) + 1);
  memcpy(out, p, (size_t)(end - p));
  out[end - p] = 0;
  return out;
}
#endif

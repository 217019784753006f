package com.clerk.backend

import java.io.File
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The shared auth and webhook vectors through the Kotlin API (CLERK_AUTH_VECTORS /
 * CLERK_WEBHOOK_VECTORS override the shared files), plus the project's extra auth vectors.
 * Each run fails unless every vector and sequence of the file passed (counted from the file).
 */
class VectorsTest {
    private fun vectorFile(env: String, name: String): File =
        File(System.getenv(env) ?: File(REPO_ROOT, "../shared/testdata/$name").path).also {
            assertTrue(it.isFile, "test vectors not found at $it (set $env)")
        }

    private fun JsonElement?.str(): String? = (this as? JsonPrimitive)?.takeIf { it !is JsonNull }?.content
    private fun JsonObject.strings(key: String): List<String>? = when (val v = this[key]) {
        null, JsonNull -> null
        is JsonArray -> v.map { it.jsonPrimitive.content }
        else -> listOf(v.jsonPrimitive.content)
    }

    /** The vector's spec options as the Kotlin data classes (every key it uses is a field). */
    private fun options(o: JsonObject, apiUrl: String): AuthenticateRequestOptions {
        val known = setOf("secret_key", "jwt_key", "api_url", "api_version", "authorized_parties", "audience", "issuer",
            "publishable_key", "machine_secret_key", "accepts_token", "domain", "is_satellite", "proxy_url",
            "sign_in_url", "sign_up_url", "clock_skew_in_ms")
        val unknown = o.keys - known
        assertTrue(unknown.isEmpty(), "vector options the test does not map: $unknown")
        return AuthenticateRequestOptions(
            verify = VerifyTokenOptions(
                secretKey = o["secret_key"].str(), jwtKey = o["jwt_key"].str(), apiUrl = apiUrl,
                apiVersion = o["api_version"].str(), authorizedParties = o.strings("authorized_parties"),
                audience = o.strings("audience"), issuer = o.strings("issuer"),
                clockSkewInMs = o["clock_skew_in_ms"].str()?.toLong(),
            ),
            publishableKey = o["publishable_key"].str(), machineSecretKey = o["machine_secret_key"].str(),
            acceptsToken = o["accepts_token"].str(), acceptsTokens = (o["accepts_token"] as? JsonArray)?.map { it.jsonPrimitive.content },
            domain = o["domain"].str(),
            isSatellite = o["is_satellite"].str()?.toBoolean(), proxyUrl = o["proxy_url"].str(),
            signInUrl = o["sign_in_url"].str(), signUpUrl = o["sign_up_url"].str(),
        )
    }

    private fun serve(backend: JsonElement?): MockServer {
        val routes = ((backend as? JsonObject)?.get("routes") as? JsonArray).orEmpty().map { it.jsonObject }
        return MockServer { r, _ ->
            val route = routes.firstOrNull { it["method"].str() == r.method && it["path"].str() == r.path }
            if (route == null) Reply(404, """{"errors":[{"code":"not_found","message":"no route"}]}""")
            else Reply(route["status"]!!.jsonPrimitive.content.toInt(), route["json"]?.toString() ?: "")
        }
    }

    private fun check(expected: JsonObject, run: () -> RequestState, requests: () -> List<Recorded>, id: String) {
        if ("error" in expected) {
            val e = runCatching(run).exceptionOrNull()
            assertTrue(e is ClerkException.AuthConfig, "$id: expected auth_config, got $e")
            assertEquals(expected["error"].str(), (e as ClerkException.AuthConfig).reason, id)
            return
        }
        val state = run()
        val exp = expected.toMutableMap()
        if ("without_handshake_support" in exp && state.status != "handshake") exp.putAll(exp["without_handshake_support"]!!.jsonObject)
        assertEquals(exp["status"].str(), state.status, "$id: status (${state.message})")
        exp["reason"]?.let { assertEquals(it.str(), state.reason, "$id: reason") }
        exp["token_type"]?.let { assertEquals(it.str(), state.tokenType, "$id: token_type") }
        exp["token_error"]?.let { assertEquals(it.str(), state.tokenError, "$id: token_error") }
        exp["message_contains"]?.let { assertTrue((state.message ?: "").contains(it.str()!!), "$id: message ${state.message}") }
        exp["auth"]?.jsonObject?.let { want ->
            val auth = state.toAuth()
            assertNotNull(auth, id)
            for ((k, v) in want) assertEquals(v, auth!!.json[k] ?: JsonNull, "$id: auth.$k")
            want["user_id"]?.let { assertEquals(it.str(), auth!!.userId, "$id: Auth.userId") }
        }
        if (state.status == "signed-out") assertTrue("x-clerk-auth-status" to "signed-out" in state.headers, "$id: ${state.headers}")
        exp["backend_api_calls"]?.jsonArray?.let { want ->
            val got = requests()
            assertEquals(want.size, got.size, "$id: calls ${got.map { it.method + " " + it.path }}")
            for ((w, q) in want.map { it.jsonObject }.zip(got)) {
                assertEquals(w["method"].str() to w["path"].str(), q.method to q.path, id)
                (w["headers"] as? JsonObject)?.forEach { (h, v) -> assertEquals(v.str(), q.headers[h.lowercase()], "$id: header $h") }
                w["json"]?.let { assertEquals(it, Json.parseToJsonElement(q.text), id) }
            }
        }
    }

    private fun headers(request: JsonObject) = request["headers"]!!.jsonObject.mapValues { it.value.jsonPrimitive.content }

    private fun runAuth(file: File): Int {
        val doc = readJson(file).jsonObject
        val vectors = doc["vectors"]!!.jsonArray.map { it.jsonObject }
        val sequences = (doc["sequences"] as? JsonArray).orEmpty().map { it.jsonObject }
        val passed = mutableSetOf<String>()
        for ((i, v) in vectors.withIndex()) {
            val id = v["id"].str()!!
            serve(v["backend_api"]).use { server ->
                ClerkAuthenticator(fixedNowMs = v["now"]!!.jsonPrimitive.long * 1000).use { auth ->
                    val req = v["request"]!!.jsonObject
                    val opts = options(v["options"]!!.jsonObject, server.root)
                    // Alternate the suspend and the blocking entry so both are driven by every kind of vector.
                    val run = {
                        if (i % 2 == 0) runBlocking { auth.authenticateRequest(req["method"].str() ?: "GET", req["url"].str()!!, headers(req), opts) }
                        else auth.authenticateRequestBlocking(req["method"].str() ?: "GET", req["url"].str()!!, headers(req), opts)
                    }
                    check(v["expected"]!!.jsonObject, run, { server.requests.toList() }, id)
                }
            }
            passed += id
        }
        for (s in sequences) {
            val id = s["id"].str()!!
            serve(s["backend_api"]).use { server ->
                ClerkAuthenticator(fixedNowMs = 0).use { auth ->
                    for ((i, step) in s["steps"]!!.jsonArray.map { it.jsonObject }.withIndex()) {
                        auth.setNowMs(step["now"]!!.jsonPrimitive.long * 1000)
                        val before = server.requests.size
                        val merged = JsonObject(s["options"]!!.jsonObject + ((step["options"] as? JsonObject) ?: JsonObject(emptyMap())))
                        val req = step["request"]!!.jsonObject
                        check(step["expected"]!!.jsonObject, {
                            runBlocking { auth.authenticateRequest(req["method"].str() ?: "GET", req["url"].str()!!, headers(req), options(merged, server.root)) }
                        }, { server.requests.drop(before) }, "$id[$i]")
                    }
                }
            }
            passed += id
        }
        val wanted = (vectors.map { it["id"].str()!! } + sequences.map { it["id"].str()!! }).toSet()
        assertEquals(wanted, passed)
        assertTrue(vectors.isNotEmpty())
        println("auth: ${vectors.size} vectors and ${sequences.size} sequences from $file passed through the Kotlin API")
        return wanted.size
    }

    @Test
    fun sharedAuthVectors() {
        assertTrue(runAuth(vectorFile("CLERK_AUTH_VECTORS", "auth-vectors.json")) > 0)
    }

    @Test
    fun projectAuthVectors() {
        assertTrue(runAuth(File(REPO_ROOT, "tests/fixtures/auth-vectors-extra.json")) > 0)
    }

    @Test
    fun sharedWebhookVectors() {
        val file = vectorFile("CLERK_WEBHOOK_VECTORS", "webhook-vectors.json")
        val doc = readJson(file).jsonObject
        val tolerance = doc["tolerance_seconds"].str()?.toLong()
        var passed = 0
        val vectors = doc["vectors"]!!.jsonArray.map { it.jsonObject }
        for (v in vectors) {
            val id = v["id"].str()
            val opts = WebhookOptions(signingSecret = v["secret"].str(), toleranceSeconds = tolerance, nowMs = v["now"]!!.jsonPrimitive.long * 1000)
            val hdrs = v["headers"]!!.jsonObject.mapValues { it.value.jsonPrimitive.content }
            val exp = v["expected"]!!.jsonObject
            val result = runCatching { verifyWebhook(v["body"].str()!!, hdrs, opts) }
            if (exp["ok"]!!.jsonPrimitive.content == "true") {
                val event = result.getOrElse { throw AssertionError("$id: $it", it) }
                for ((k, w) in exp["event"]!!.jsonObject) assertEquals(w, event[k], "$id: event.$k")
            } else {
                val e = result.exceptionOrNull()
                val reason = when (e) {
                    is ClerkException.WebhookVerification -> e.reason
                    is ClerkException.WebhookConfig -> e.reason
                    else -> throw AssertionError("$id: expected a webhook error, got $e")
                }
                assertEquals(exp["error"].str(), reason, "$id")
                assertTrue(e.message!!.contains(exp["message_contains"].str()!!), "$id: ${e.message}")
                v["secret"].str()?.let { assertTrue(!e.toString().contains(it), "$id: the secret in the error text") }
            }
            passed++
        }
        assertEquals(vectors.size, passed)
        assertTrue(passed > 0)
        println("webhooks: $passed vectors from $file passed through the Kotlin API")
    }
}

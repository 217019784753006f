package com.clerk.backend

import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The fault cases seen from Kotlin, each against a real local HTTP server. */
class FaultTest {
    private val user = """{"id":"user_1","object":"user","first_name":"Ada"}"""
    private val none = JsonObject(emptyMap())
    private fun userParams() = buildJsonObject { put("user_id", "user_1") }

    @Test
    fun tooManyRequestsIsAnApiExceptionWithRetryAfter() {
        val body = """{"errors":[{"code":"too_many_requests","message":"Too many requests","long_message":"Slow down"}],"clerk_trace_id":"trace_429"}"""
        MockServer { _, _ -> Reply(429, body, mapOf("content-type" to "application/json", "retry-after" to "7")) }.use { server ->
            localClerk(server.root).use { clerk ->
                val e = assertThrows<ClerkException.Api> { runBlocking { clerk.users.get(userId = "user_1") } }
                assertEquals(429, e.status)
                assertEquals(7000L, e.retryAfterMs)
                assertEquals(java.time.Duration.ofSeconds(7), e.retryAfter)
                assertEquals("trace_429", e.clerkTraceId)
                assertEquals("too_many_requests", e.errors.single().code)
                assertEquals("Slow down", e.errors.single().longMessage)
                assertTrue(e.headers.any { it.first.equals("retry-after", true) && it.second == "7" })
                assertEquals(body, e.body)
                assertEquals("api_error", e.code)
                assertFalse(e.message!!.contains("sk_test_local_kotlin_secret"))
                assertFalse(e.toString().contains("sk_test_local_kotlin_secret"))
                assertEquals(1, server.requests.size)
            }
        }
    }

    @Test
    fun serverErrorThenSuccessIsRetried() {
        MockServer { _, n -> if (n == 1) Reply(500, """{"errors":[]}""") else Reply(200, user) }.use { server ->
            val retry = RetryConfig(initialIntervalMs = 1, maxIntervalMs = 5, maxElapsedTimeMs = 5_000)
            localClerk(server.root, retry = retry).use { clerk ->
                val got = runBlocking { clerk.users.get(userId = "user_1") }
                assertEquals("user_1", got.json["id"]!!.jsonPrimitive.content)
                assertEquals(2, server.requests.size)
            }
        }
    }

    @Test
    fun postIsNotRetriedAfterServerError() {
        MockServer { _, n -> if (n == 1) Reply(500, """{"errors":[]}""") else Reply(200, user) }.use { server ->
            val retry = RetryConfig(initialIntervalMs = 1, maxIntervalMs = 5, maxElapsedTimeMs = 5_000)
            localClerk(server.root, retry = retry).use { clerk ->
                val e = assertThrows<ClerkException.Api> { runBlocking { clerk.users.ban(userId = "user_1") } }
                assertEquals(500, e.status)
                assertEquals(1, server.requests.count { it.method == "POST" }, "no duplicate POST")
            }
        }
    }

    @Test
    fun slowServerIsATimeout() {
        MockServer { _, _ -> Reply(200, user, delayMs = 1_500) }.use { server ->
            localClerk(server.root, timeoutMs = 200).use { clerk ->
                val e = assertThrows<ClerkException.Timeout> { runBlocking { clerk.call("users.get", userParams()) } }
                assertEquals("timeout", e.code)
            }
        }
    }

    @Test
    fun invalidJsonIsADecodeException() {
        MockServer { _, _ -> Reply(200, """{"id": "user_1", """) }.use { server ->
            localClerk(server.root).use { clerk ->
                val e = assertThrows<ClerkException.Decode> { runBlocking { clerk.call("users.get", userParams()) } }
                assertEquals(200, e.status)
                val blocking = assertThrows<ClerkException.Decode> { clerk.callBlocking("users.get", userParams()) }
                assertEquals(e.message, blocking.message)
            }
        }
    }

    @Test
    fun refusedConnectionIsAConnectionException() {
        val port = java.net.ServerSocket(0).use { it.localPort }
        localClerk("http://127.0.0.1:$port").use { clerk ->
            assertThrows<ClerkException.Connection> { clerk.callBlocking("users.get", userParams()) }
        }
    }

    @Test
    fun badInputNamesTheParameter() {
        MockServer { _, _ -> Reply(200, user) }.use { server ->
            localClerk(server.root).use { clerk ->
                val missing = assertThrows<ClerkException.InvalidArgument> { clerk.callBlocking("users.get", none) }
                assertEquals("user_id", missing.parameter)
                val unknownOp = assertThrows<ClerkException> { clerk.callBlocking("users.nope", none) }
                assertTrue(unknownOp.message!!.contains("users.nope"), unknownOp.message)
                val badOption = assertThrows<ClerkException.InvalidArgument> {
                    clerk.callBlocking("users.get", userParams(), options = RequestOptions(timeoutMs = -1))
                }
                assertEquals("timeoutMs", badOption.parameter!!.removePrefix("options."))
                // A typed method names its Kotlin argument; the wire name stays in wireParameter.
                val typed = listOf(
                    assertThrows<ClerkException.InvalidArgument> { clerk.users.getBlocking(userId = "") },
                    assertThrows<ClerkException.InvalidArgument> { runBlocking { clerk.users.get(userId = "") } },
                    assertThrows<ClerkException.InvalidArgument> { clerk.organizationMemberships.listSequence(organizationId = "").toList() },
                    assertThrows<ClerkException.InvalidArgument> { runBlocking { clerk.organizationMemberships.listFlow(organizationId = "").toList() } },
                )
                for ((e, names) in typed.zip(listOf("userId" to "user_id", "userId" to "user_id", "organizationId" to "organization_id", "organizationId" to "organization_id"))) {
                    assertEquals(names.first, e.parameter)
                    assertEquals(names.second, e.wireParameter)
                    assertTrue(e.message!!.contains("`${names.first}`") && !e.message!!.contains(names.second), e.message)
                }
                assertEquals("user_id", missing.wireParameter)
                assertEquals(0, server.requests.size)
            }
        }
        // Client and auth options are named as Kotlin spells them.
        val badClient = assertThrows<ClerkException.InvalidArgument> { Clerk(ClerkOptions(secretKey = "sk_test_x", timeoutMs = -1)) }
        assertEquals("timeoutMs", badClient.parameter!!.removePrefix("options."))
        assertTrue(badClient.message!!.contains("timeoutMs") && !badClient.message!!.contains("timeout_ms"), badClient.message)
        val badRetry = assertThrows<ClerkException.InvalidArgument> {
            Clerk(ClerkOptions(secretKey = "sk_test_x", retryConfig = RetryConfig(maxAttempts = -3)))
        }
        assertTrue(badRetry.parameter!!.removePrefix("options.").startsWith("retryConfig."), badRetry.parameter)
        ClerkAuthenticator().use { auth ->
            val badAuth = assertThrows<ClerkException.InvalidArgument> {
                auth.verifyTokenBlocking("x.y.z", VerifyTokenOptions(jwtKey = "k", networkTimeoutMs = 0))
            }
            assertEquals("networkTimeoutMs", badAuth.parameter!!.removePrefix("options."))
        }
    }

    @Test
    fun missingSecretKeyIsAConfigErrorThatNamesTheKotlinOption() {
        MockServer { _, _ -> Reply(200, user) }.use { server ->
            Clerk(ClerkOptions(serverUrl = server.root)).use { clerk ->
                val e = assertThrows<ClerkException> { clerk.callBlocking("users.get", userParams()) }
                assertTrue(e.message!!.contains("secretKey"), e.message)
            }
        }
    }

    @Test
    fun secretsNeverShowInTextOfOptions() {
        val options = ClerkOptions(secretKey = "sk_live_very_secret_value")
        assertFalse(options.toString().contains("sk_live_very_secret_value"))
        assertFalse(VerifyTokenOptions(secretKey = "sk_live_x1").toString().contains("sk_live_x1"))
        assertFalse(WebhookOptions(signingSecret = "whsec_abc").toString().contains("whsec_abc"))
        Clerk(options).use { assertFalse(it.toString().contains("sk_live_very_secret_value")) }
    }

    @Test
    fun emptyAndTextBodies() {
        MockServer { r, _ ->
            if (r.method == "DELETE") Reply(204, "", emptyMap()) else Reply(200, "plain words", mapOf("content-type" to "text/plain"))
        }.use { server ->
            localClerk(server.root).use { clerk ->
                assertEquals(JsonNull, clerk.callBlocking("users.delete", userParams()))
                assertEquals(JsonPrimitive("plain words"), clerk.callBlocking("jwks.get_jwks", none))
            }
        }
    }
}

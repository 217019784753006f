package com.clerk.backend

import com.clerk.backend.ffi.preparedVerifyCount
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.Signature
import java.util.Base64
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * `verifyToken` with a PEM key on the prepared fast path (options parsed once per options
 * object, claims parsed on first read): the same answers as the options-per-call path for
 * the blocking and suspend forms, equal and changed options objects, refusals, and a closed
 * authenticator. (The shared vectors cover the verify itself through `authenticateRequest`.)
 */
class VerifyTokenTest {
    private val keys: KeyPair = KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()
    private val pem = "-----BEGIN PUBLIC KEY-----\n" +
        Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(keys.public.encoded) + "\n-----END PUBLIC KEY-----\n"
    private val now = System.currentTimeMillis() / 1000
    private val claims = """{"azp":"https://app.example.com","exp":${now + 600},"iat":${now - 5},"nbf":${now - 10},""" +
        """"iss":"https://clerk.example.com","sid":"sess_1","sub":"user_1","v":2,"n":12345678901234567890}"""

    private fun b64(bytes: ByteArray) = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)

    private fun token(payload: String = claims): String {
        val input = b64("""{"alg":"RS256","typ":"JWT","kid":"ins_test"}""".toByteArray()) + "." + b64(payload.toByteArray())
        val sig = Signature.getInstance("SHA256withRSA").apply { initSign(keys.private); update(input.toByteArray()) }.sign()
        return "$input.${b64(sig)}"
    }

    @Test
    fun blockingAndSuspendReturnTheClaims() {
        val want = Json.parseToJsonElement(claims).jsonObject
        ClerkAuthenticator().use { auth ->
            val opts = VerifyTokenOptions(jwtKey = pem, authorizedParties = listOf("https://app.example.com"))
            repeat(3) {
                val got: JsonObject = auth.verifyTokenBlocking(token(), opts)
                assertEquals(want, got)
                assertEquals("user_1", got["sub"]!!.jsonPrimitive.content)
                assertEquals("12345678901234567890", got["n"].toString())
                assertEquals(want, runBlocking { auth.verifyToken(token(), opts) })
            }
            // An equal options object made per call, and a changed one that must be honoured.
            assertEquals(want, auth.verifyTokenBlocking(token(), opts.copy()))
            val e = assertThrows<ClerkException.TokenVerification> {
                auth.verifyTokenBlocking(token(), opts.copy(authorizedParties = listOf("https://other.example.com")))
            }
            assertEquals("token-invalid-authorized-parties", e.reason)
            assertThrows<ClerkException.TokenVerification> {
                runBlocking { auth.verifyToken(token(), opts.copy(authorizedParties = listOf("https://other.example.com"))) }
            }
            assertEquals(want, auth.verifyTokenBlocking(token(), opts))
        }
    }

    @Test
    fun refusalsAndBadOptionsAreTypedErrors() {
        ClerkAuthenticator().use { auth ->
            val opts = VerifyTokenOptions(jwtKey = pem)
            val bad = token().dropLast(4) + "AAAA"
            val e = assertThrows<ClerkException.TokenVerification> { auth.verifyTokenBlocking(bad, opts) }
            assertEquals("token-invalid-signature", e.reason)
            val s = assertThrows<ClerkException.TokenVerification> { runBlocking { auth.verifyToken(bad, opts) } }
            assertEquals("token-invalid-signature", s.reason)
            val expired = token(claims.replace("\"exp\":${now + 600}", "\"exp\":${now - 600}"))
            assertEquals("token-expired", assertThrows<ClerkException.TokenVerification> { auth.verifyTokenBlocking(expired, opts) }.reason)
            // Bad options fail on every call, not only the first (a failed parse is not kept).
            repeat(2) {
                val o = assertThrows<ClerkException.InvalidArgument> { auth.verifyTokenBlocking(token(), VerifyTokenOptions(jwtKey = pem, networkTimeoutMs = 0)) }
                assertEquals("networkTimeoutMs", o.parameter!!.removePrefix("options."))
            }
        }
    }

    @Test
    fun aCancelledCoroutineStillGetsCancelledAndAClosedAuthenticatorRefuses() {
        val auth = ClerkAuthenticator()
        val opts = VerifyTokenOptions(jwtKey = pem)
        var inCancelled: Result<JsonObject>? = null
        runBlocking {
            val job = async(start = CoroutineStart.UNDISPATCHED) {
                this.cancel()
                inCancelled = runCatching { auth.verifyToken(token(), opts) }
            }
            runCatching { job.await() }
        }
        // As before the fast path: a coroutine cancelled before the call gets no claims.
        val thrown = inCancelled!!.exceptionOrNull()
        assertTrue(thrown is ClerkException.Cancelled || thrown is kotlinx.coroutines.CancellationException, "$inCancelled")
        assertEquals("user_1", auth.verifyTokenBlocking(token(), opts)["sub"]!!.jsonPrimitive.content)
        auth.close()
        assertThrows<IllegalStateException> { auth.verifyTokenBlocking(token(), opts) }
    }

    @Test
    fun optionsNoLongerUsedAreForgottenByTheCore() {
        ClerkAuthenticator().use { auth ->
            val before = preparedVerifyCount().toLong()
            // Distinct options objects, each used once and then dropped (a caller that builds
            // its options per request, with a value that changes).
            repeat(200) { i -> auth.verifyTokenBlocking(token(), VerifyTokenOptions(jwtKey = pem, clockSkewInMs = 5_000L + i)) }
            val grown = preparedVerifyCount().toLong()
            assertTrue(grown > before, "the options were prepared in the core ($before -> $grown)")
            val kept = VerifyTokenOptions(jwtKey = pem)
            var now = grown
            for (attempt in 0 until 200) {
                System.gc()
                Thread.sleep(10)
                auth.verifyTokenBlocking(token(), kept) // a map access drops the entries of collected keys
                now = preparedVerifyCount().toLong()
                if (now <= before + 5) break
            }
            assertTrue(now <= before + 5, "prepared options of collected option objects were released ($before -> $grown -> $now)")
        }
    }
}

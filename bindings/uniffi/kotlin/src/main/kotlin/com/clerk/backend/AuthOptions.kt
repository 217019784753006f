package com.clerk.backend

import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray

/**
 * Options of [Clerk.verifyToken] (auth spec 5). Unset keys come from `CLERK_SECRET_KEY`,
 * `CLERK_JWT_KEY`, `CLERK_API_URL`, `CLERK_API_VERSION` (the core reads them).
 * `toString()` never shows a key.
 */
data class VerifyTokenOptions @JvmOverloads constructor(
    val secretKey: String? = null,
    /** A PEM public key: verifies without fetching JWKS. */
    val jwtKey: String? = null,
    val apiUrl: String? = null,
    val apiVersion: String? = null,
    val authorizedParties: List<String>? = null,
    val audience: List<String>? = null,
    val issuer: List<String>? = null,
    val clockSkewInMs: Long? = null,
    val skipJwksCache: Boolean? = null,
    val maxTokenLength: Long? = null,
    val networkTimeoutMs: Long? = null,
) {
    override fun toString(): String =
        "VerifyTokenOptions(secretKey=${redacted(secretKey)}, jwtKey=${jwtKey?.let { "[set]" }}, apiUrl=$apiUrl, " +
            "authorizedParties=$authorizedParties, audience=$audience, issuer=$issuer, clockSkewInMs=$clockSkewInMs)"

    internal fun write(b: JsonObjectBuilder, defaultSecretKey: String?) = with(b) {
        putIfSet("secretKey", secretKey ?: defaultSecretKey)
        putIfSet("jwtKey", jwtKey)
        putIfSet("apiUrl", apiUrl)
        putIfSet("apiVersion", apiVersion)
        putStrings("authorizedParties", authorizedParties)
        putStrings("audience", audience)
        putStrings("issuer", issuer)
        putIfSet("clockSkewInMs", clockSkewInMs)
        putIfSet("skipJwksCache", skipJwksCache)
        putIfSet("maxTokenLength", maxTokenLength)
        putIfSet("networkTimeoutMs", networkTimeoutMs)
    }

    internal fun toJson(defaultSecretKey: String?): String = buildJsonObject { write(this, defaultSecretKey) }.toString()
}

/**
 * Options of [Clerk.authenticateRequest] (auth spec 9): [verify] plus the request's own.
 * Unset keys also come from `CLERK_PUBLISHABLE_KEY` and `CLERK_MACHINE_SECRET_KEY`.
 */
data class AuthenticateRequestOptions @JvmOverloads constructor(
    val verify: VerifyTokenOptions = VerifyTokenOptions(),
    val publishableKey: String? = null,
    val machineSecretKey: String? = null,
    /** One accepted token type: `session_token` (the default), `api_key`, `m2m_token`, `oauth_token` or `any`. */
    val acceptsToken: String? = null,
    val domain: String? = null,
    val isSatellite: Boolean? = null,
    val proxyUrl: String? = null,
    val signInUrl: String? = null,
    val signUpUrl: String? = null,
    val afterSignInUrl: String? = null,
    val afterSignUpUrl: String? = null,
    /**
     * Several accepted token types (instead of [acceptsToken]). As in Clerk's other SDKs, a
     * refused token then reports no single expected `tokenType`.
     */
    val acceptsTokens: List<String>? = null,
) {
    override fun toString(): String =
        "AuthenticateRequestOptions(verify=$verify, publishableKey=$publishableKey, " +
            "machineSecretKey=${redacted(machineSecretKey)}, acceptsToken=${acceptsToken ?: acceptsTokens}, domain=$domain, " +
            "isSatellite=$isSatellite, proxyUrl=$proxyUrl, signInUrl=$signInUrl, signUpUrl=$signUpUrl)"

    internal fun toJson(defaultSecretKey: String?): String = buildJsonObject {
        verify.write(this, defaultSecretKey)
        putIfSet("publishableKey", publishableKey)
        putIfSet("machineSecretKey", machineSecretKey)
        putIfSet("acceptsToken", acceptsToken)
        putStrings("acceptsToken", acceptsTokens)
        putIfSet("domain", domain)
        putIfSet("isSatellite", isSatellite)
        putIfSet("proxyUrl", proxyUrl)
        putIfSet("signInUrl", signInUrl)
        putIfSet("signUpUrl", signUpUrl)
        putIfSet("afterSignInUrl", afterSignInUrl)
        putIfSet("afterSignUpUrl", afterSignUpUrl)
    }.toString()
}

/** Options of [verifyWebhook]. [signingSecret] defaults to `CLERK_WEBHOOK_SIGNING_SECRET`. */
data class WebhookOptions @JvmOverloads constructor(
    val signingSecret: String? = null,
    val toleranceSeconds: Long? = null,
    /** Also accept the standard `webhook-*` headers besides `svix-*`. */
    val acceptStandardHeaders: Boolean = false,
    /** Verify at this time (unix milliseconds) instead of now: for tests. */
    val nowMs: Long? = null,
) {
    override fun toString(): String =
        "WebhookOptions(signingSecret=${redacted(signingSecret)}, toleranceSeconds=$toleranceSeconds, " +
            "acceptStandardHeaders=$acceptStandardHeaders, nowMs=$nowMs)"
}

private fun redacted(secret: String?): String = if (secret == null) "null" else "[REDACTED]"

private fun JsonObjectBuilder.putStrings(key: String, values: List<String>?) {
    if (values != null) putJsonArray(key) { values.forEach { add(kotlinx.serialization.json.JsonPrimitive(it)) } }
}

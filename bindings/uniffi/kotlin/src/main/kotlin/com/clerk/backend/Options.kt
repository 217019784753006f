package com.clerk.backend

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * Retries of failed requests. Unset fields take the core's defaults (exponential backoff on
 * 429/5xx and connection errors). [NONE] turns retries off.
 */
data class RetryConfig @JvmOverloads constructor(
    /** `backoff` (the default) or `none`. */
    val strategy: String = "backoff",
    val initialIntervalMs: Long? = null,
    val maxIntervalMs: Long? = null,
    val exponent: Double? = null,
    val maxElapsedTimeMs: Long? = null,
    val retryConnectionErrors: Boolean? = null,
    val maxAttempts: Int? = null,
) {
    companion object {
        /** No retries. */
        @JvmField
        val NONE = RetryConfig(strategy = "none")
    }

    /** The retry object as camelCase JSON (the core renames it and its `backoff`). */
    internal fun toJson(): JsonObject = buildJsonObject {
        put("strategy", strategy)
        if (initialIntervalMs != null || maxIntervalMs != null || exponent != null || maxElapsedTimeMs != null) {
            put("backoff", buildJsonObject {
                putIfSet("initialIntervalMs", initialIntervalMs)
                putIfSet("maxIntervalMs", maxIntervalMs)
                putIfSet("exponent", exponent)
                putIfSet("maxElapsedTimeMs", maxElapsedTimeMs)
            })
        }
        putIfSet("retryConnectionErrors", retryConnectionErrors)
        putIfSet("maxAttempts", maxAttempts)
    }
}

/**
 * Options of a [Clerk] client. [secretKey] defaults to `CLERK_SECRET_KEY` and [serverUrl] to
 * `CLERK_API_URL` (else `https://api.clerk.com/v1`): the core reads the environment.
 * `toString()` never shows the secret key.
 */
data class ClerkOptions @JvmOverloads constructor(
    val secretKey: String? = null,
    val serverUrl: String? = null,
    val timeoutMs: Long? = null,
    val retryConfig: RetryConfig? = null,
    /** Sent with every request. */
    val headers: Map<String, String> = emptyMap(),
    val apiVersion: String? = null,
    val connectTimeoutMs: Long? = null,
    /** An HTTP(S) proxy URL. */
    val proxy: String? = null,
    val maxResponseBytes: Long? = null,
    val userAgentSuffix: String? = null,
) {
    override fun toString(): String =
        "ClerkOptions(secretKey=${if (secretKey == null) "null" else "[REDACTED]"}, serverUrl=$serverUrl, " +
            "timeoutMs=$timeoutMs, retryConfig=$retryConfig, headers=${headers.keys}, apiVersion=$apiVersion, " +
            "connectTimeoutMs=$connectTimeoutMs, proxy=${proxy?.let { "[set]" }}, maxResponseBytes=$maxResponseBytes, " +
            "userAgentSuffix=$userAgentSuffix)"

    /**
     * The client options as camelCase JSON: the core renames them (`Spelling::CAMEL_CLIENT`) and
     * names them so in errors (`timeoutMs`, `retryConfig.maxAttempts`).
     */
    internal fun toJson(): String = buildJsonObject {
        putIfSet("secretKey", secretKey)
        putIfSet("serverUrl", serverUrl)
        putIfSet("apiVersion", apiVersion)
        putIfSet("timeoutMs", timeoutMs)
        putIfSet("connectTimeoutMs", connectTimeoutMs)
        retryConfig?.let { put("retryConfig", it.toJson()) }
        if (headers.isNotEmpty()) put("headers", headersJson(headers))
        putIfSet("proxy", proxy)
        putIfSet("maxResponseBytes", maxResponseBytes)
        put("userAgentSuffix", userAgentSuffix ?: "kotlin")
    }.toString()
}

/** Per-call options; unset fields keep the client's. */
data class RequestOptions @JvmOverloads constructor(
    val timeoutMs: Long? = null,
    val retryConfig: RetryConfig? = null,
    val headers: Map<String, String> = emptyMap(),
    val serverUrl: String? = null,
    val connectTimeoutMs: Long? = null,
    /** Retry POST/PATCH too (off by default: a retried POST may act twice). */
    val retryNonIdempotent: Boolean? = null,
) {
    /** The call options as camelCase JSON (the core's `Spelling::CAMEL_CALL_RETRY_CONFIG`). */
    internal fun toJson(): String = buildJsonObject {
        putIfSet("timeoutMs", timeoutMs)
        putIfSet("connectTimeoutMs", connectTimeoutMs)
        retryConfig?.let { put("retryConfig", it.toJson()) }
        if (headers.isNotEmpty()) put("headers", headersJson(headers))
        putIfSet("serverUrl", serverUrl)
        putIfSet("retryNonIdempotent", retryNonIdempotent)
    }.toString()
}

private fun headersJson(headers: Map<String, String>): JsonObject =
    buildJsonObject { headers.forEach { (k, v) -> put(k, v) } }

internal fun JsonObjectBuilder.putIfSet(key: String, value: String?) {
    if (value != null) put(key, value)
}

internal fun JsonObjectBuilder.putIfSet(key: String, value: Number?) {
    if (value != null) put(key, value)
}

internal fun JsonObjectBuilder.putIfSet(key: String, value: Boolean?) {
    if (value != null) put(key, value)
}

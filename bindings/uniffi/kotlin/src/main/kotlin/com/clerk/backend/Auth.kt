package com.clerk.backend

import com.clerk.backend.ffi.Header
import com.clerk.backend.ffi.NativeAuthenticator
import com.clerk.backend.ffi.verifyPrepared
import com.clerk.backend.ffi.verifyPreparedNow
import kotlin.coroutines.coroutineContext
import kotlinx.coroutines.Job
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/**
 * Request authentication and token verification with a JWKS cache of its own; keep one for
 * the life of the program ([Clerk] has one). [fixedNowMs] fixes the clock (tests and the
 * shared vectors); [defaultSecretKey] is used when the options have none.
 */
class ClerkAuthenticator @JvmOverloads constructor(
    fixedNowMs: Long? = null,
    private val defaultSecretKey: String? = null,
) : AutoCloseable {
    private val native = NativeAuthenticator(fixedNowMs)
    private val prepared = PreparedVerifies(native, defaultSecretKey)

    /** Moves the fixed clock (only for an authenticator made with `fixedNowMs`). */
    fun setNowMs(nowMs: Long) = native { native.setNowMs(nowMs) }

    suspend fun authenticateRequest(
        method: String,
        url: String,
        headers: Map<String, String>,
        options: AuthenticateRequestOptions = AuthenticateRequestOptions(),
    ): RequestState = RequestState.parse(cancellable { h ->
        native.authenticateRequest(method, url, headerList(headers), options.toJson(defaultSecretKey), h)
    })

    fun authenticateRequestBlocking(
        method: String,
        url: String,
        headers: Map<String, String>,
        options: AuthenticateRequestOptions = AuthenticateRequestOptions(),
    ): RequestState = RequestState.parse(native {
        native.authenticateRequestBlocking(method, url, headerList(headers), options.toJson(defaultSecretKey))
    })

    /** The claims of a valid session token; a refused one throws [ClerkException.TokenVerification]. */
    suspend fun verifyToken(token: String, options: VerifyTokenOptions = VerifyTokenOptions()): JsonObject {
        // Verified on this thread when nothing waits (a PEM key, a cached JWKS), as the Node
        // binding does; a fetch, or a coroutine already cancelled, takes the runtime's path.
        if (coroutineContext[Job]?.isActive != false) {
            prepared.withId(options) { id -> native { verifyPreparedNow(id, tokenBytes(token)) } }?.let { return lazyJsonObject(it) }
        }
        return parseObject(cancellable { h -> native.verifyToken(token, options.toJson(defaultSecretKey), h) })
    }

    fun verifyTokenBlocking(token: String, options: VerifyTokenOptions = VerifyTokenOptions()): JsonObject =
        lazyJsonObject(prepared.withId(options) { id -> native { verifyPrepared(id, tokenBytes(token)) } })

    /** A machine token (API key, M2M, OAuth): `{token_type, id, subject, scopes, claims, …}`. */
    suspend fun verifyMachineToken(token: String, options: AuthenticateRequestOptions = AuthenticateRequestOptions()): JsonObject =
        parseObject(cancellable { h -> native.verifyMachineToken(token, options.toJson(defaultSecretKey), h) })

    fun verifyMachineTokenBlocking(token: String, options: AuthenticateRequestOptions = AuthenticateRequestOptions()): JsonObject =
        parseObject(native { native.verifyMachineTokenBlocking(token, options.toJson(defaultSecretKey)) })

    override fun close() {
        prepared.close()
        native.close()
    }
}

/**
 * The outcome of [Clerk.authenticateRequest]: signed in, signed out (with a [reason]) or a
 * handshake. [json] holds every field the core returns. `toString()` never shows the token.
 */
class RequestState internal constructor(val json: JsonObject) {
    /** `signed-in`, `signed-out` or `handshake`. */
    val status: String get() = string("status")!!
    val isSignedIn: Boolean get() = json["is_signed_in"]?.jsonPrimitive?.booleanOrNull == true
    val reason: String? get() = string("reason")
    val message: String? get() = string("message")
    val tokenType: String? get() = string("token_type")
    val tokenError: String? get() = string("token_error")
    /** The caller's own token, handed back as the official SDKs do. */
    val token: String? get() = string("token")
    /** Headers to set on the response (`x-clerk-auth-status`, …). */
    val headers: List<Pair<String, String>>
        get() = (json["headers"] as? JsonArray).orEmpty().map {
            val pair = it.jsonArray
            pair[0].jsonPrimitive.content to pair[1].jsonPrimitive.content
        }
    /** The verified token's claims (or machine data); `JsonNull` when signed out. */
    val payload: JsonElement get() = json["payload"] ?: JsonNull

    /** The auth object (`userId`, `orgId`, …), or null for a handshake. */
    fun toAuth(): Auth? = (json["auth"] as? JsonObject)?.let(::Auth)

    private fun string(key: String): String? = (json[key] as? JsonPrimitive)?.contentOrNull

    override fun toString(): String = "RequestState(status=$status, reason=$reason, tokenType=$tokenType)"

    internal companion object {
        fun parse(text: String) = RequestState(Json.parseToJsonElement(text).jsonObject)
    }
}

/** Who made the request: a session's user and organization, or a machine. */
class Auth internal constructor(val json: JsonObject) {
    val tokenType: String? get() = string("token_type")
    val isAuthenticated: Boolean get() = json["is_authenticated"]?.jsonPrimitive?.booleanOrNull == true
    val userId: String? get() = string("user_id")
    val sessionId: String? get() = string("session_id")
    val sessionStatus: String? get() = string("session_status")
    val orgId: String? get() = string("org_id")
    val orgSlug: String? get() = string("org_slug")
    val orgRole: String? get() = string("org_role")
    val orgPermissions: List<String> get() = (json["org_permissions"] as? JsonArray).orEmpty().map { it.jsonPrimitive.content }
    val sessionClaims: JsonObject? get() = json["session_claims"] as? JsonObject
    /** Machine tokens: the token's id, subject, scopes, name and claims. */
    val id: String? get() = string("id")
    val subject: String? get() = string("subject")
    val scopes: List<String> get() = (json["scopes"] as? JsonArray).orEmpty().map { it.jsonPrimitive.content }
    val claims: JsonObject? get() = json["claims"] as? JsonObject

    private fun string(key: String): String? = (json[key] as? JsonPrimitive)?.contentOrNull

    override fun toString(): String = "Auth(tokenType=$tokenType, userId=$userId, orgId=$orgId, subject=$subject)"
}

/** Verifies a Clerk (Svix-signed) webhook over its raw body; the event's payload. */
@JvmOverloads
fun verifyWebhook(body: ByteArray, headers: Map<String, String>, options: WebhookOptions = WebhookOptions()): JsonObject =
    parseObject(native {
        com.clerk.backend.ffi.verifyWebhook(
            body,
            headerList(headers),
            com.clerk.backend.ffi.WebhookVerifyOptions(
                options.signingSecret, options.toleranceSeconds, options.acceptStandardHeaders, options.nowMs,
            ),
        )
    })

/** [verifyWebhook] over a body already decoded as UTF-8 text. */
@JvmOverloads
fun verifyWebhook(body: String, headers: Map<String, String>, options: WebhookOptions = WebhookOptions()): JsonObject =
    verifyWebhook(body.toByteArray(), headers, options)

private fun headerList(headers: Map<String, String>): List<Header> = headers.map { (k, v) -> Header(k, v) }

private fun parseObject(text: String): JsonObject = Json.parseToJsonElement(text).jsonObject

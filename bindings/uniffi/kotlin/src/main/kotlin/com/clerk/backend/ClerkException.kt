package com.clerk.backend

import java.time.Duration
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import com.clerk.backend.ffi.ClerkException as Native

/**
 * Every failure of the SDK: one subclass per error code of the core's error record.
 * `message` and `toString()` are the record's message, which the core redacts: never a secret.
 * Unchecked, so Java callers catch it without `throws` clauses. A cancelled coroutine throws
 * `CancellationException` as usual, not a [ClerkException].
 */
sealed class ClerkException(message: String) : RuntimeException(message) {
    /** The core's stable error code (`api_error`, `timeout`, `token_verification`, …). */
    abstract val code: String

    override fun toString(): String = "${javaClass.name.substringAfterLast('.')}: $message"

    /** The API answered with a non-success [status]. */
    class Api(
        message: String,
        val status: Int,
        val clerkTraceId: String?,
        /** Clerk's `errors` list. */
        val errors: List<ClerkApiError>,
        /** `Retry-After`, in milliseconds. */
        val retryAfterMs: Long?,
        /** The response's headers. */
        val headers: List<Pair<String, String>>,
        val body: String?,
    ) : ClerkException(message) {
        override val code get() = "api_error"
        val retryAfter: Duration? get() = retryAfterMs?.let(Duration::ofMillis)
    }

    /** An attempt's timeout or the retry budget ran out. */
    class Timeout(message: String) : ClerkException(message) {
        override val code get() = "timeout"
    }

    /** No connection could be made: the request was never sent. */
    class Connection(message: String) : ClerkException(message) {
        override val code get() = "connection_error"
    }

    /** TLS or another failure on the wire ([code] says which). */
    class Transport(message: String, override val code: String) : ClerkException(message)

    /** A success response that does not decode. */
    class Decode(message: String, val status: Int?, val body: String?) : ClerkException(message) {
        override val code get() = "decode_error"
    }

    /**
     * A parameter or option refused before anything was sent; [parameter] names it as the caller
     * wrote it (a typed method's Kotlin argument, `userId`), [wireParameter] as the API spells
     * it (`user_id`); they differ only for a typed method's renamed arguments.
     */
    class InvalidArgument @JvmOverloads constructor(
        message: String,
        val parameter: String?,
        val wrongType: Boolean,
        val wireParameter: String? = parameter,
    ) : ClerkException(message) {
        override val code get() = "invalid_argument"

        /** This error with the parameter in Kotlin's name when [kotlinNames] (wire → Kotlin) renames it. */
        internal fun inKotlinNames(kotlinNames: Map<String, String>): InvalidArgument {
            val wire = parameter ?: return this
            val head = wire.takeWhile { it != '.' && it != '[' }
            val name = kotlinNames[head] ?: return this
            val renamed = name + wire.substring(head.length)
            // The core's message names the parameter as `invalid argument `user_id`: …`.
            val text = message.orEmpty().replaceFirst("`$wire`", "`$renamed`")
            return InvalidArgument(text, renamed, wrongType, wire).also { it.stackTrace = stackTrace }
        }
    }

    /** The client is misconfigured (no secret key, bad URL). */
    class Config(message: String) : ClerkException(message) {
        override val code get() = "config_error"
    }

    /** A session token was refused; [reason] is the spec's (`token-expired`). */
    class TokenVerification(message: String, val reason: String) : ClerkException(message) {
        override val code get() = "token_verification"
    }

    /** A machine token was refused; [reason] is the machine-token error code. */
    class MachineTokenVerification(message: String, val reason: String, val status: Int?) : ClerkException(message) {
        override val code get() = "machine_token_verification"
    }

    /** Request authentication was given unusable options. */
    class AuthConfig(message: String, val reason: String) : ClerkException(message) {
        override val code get() = "auth_config"
    }

    /** A webhook's signature, timestamp or payload was refused. */
    class WebhookVerification(message: String, val reason: String) : ClerkException(message) {
        override val code get() = "webhook_verification"
    }

    /** The webhook signing secret is missing or malformed. */
    class WebhookConfig(message: String, val reason: String) : ClerkException(message) {
        override val code get() = "webhook_config"
    }

    /** The call was cancelled through its cancel handle. */
    class Cancelled(message: String) : ClerkException(message) {
        override val code get() = "cancelled"
    }

    /** A bug in the SDK (a panic caught at the boundary). */
    class Internal(message: String) : ClerkException(message) {
        override val code get() = "internal"
    }
}

/** One entry of Clerk's `errors` list. */
data class ClerkApiError(val code: String, val message: String, val longMessage: String?, val meta: JsonElement?)

/** The FFI's error as the public one (fields copied, nothing reworded). */
internal fun Native.toPublic(): ClerkException = when (this) {
    is Native.Api -> ClerkException.Api(
        msg, status.toInt(), clerkTraceId,
        errors.map { ClerkApiError(it.code, it.message, it.longMessage, it.metaJson?.let(Json::parseToJsonElement)) },
        retryAfterMs?.toLong(), headers.map { it.name to it.value }, body,
    )
    is Native.Timeout -> ClerkException.Timeout(msg)
    is Native.Connection -> ClerkException.Connection(msg)
    is Native.Transport -> ClerkException.Transport(msg, code)
    is Native.Decode -> ClerkException.Decode(msg, status?.toInt(), body)
    is Native.InvalidArgument -> ClerkException.InvalidArgument(msg, parameter, wrongType)
    is Native.Config -> ClerkException.Config(msg)
    is Native.TokenVerification -> ClerkException.TokenVerification(msg, reason)
    is Native.MachineTokenVerification -> ClerkException.MachineTokenVerification(msg, reason, status?.toInt())
    is Native.AuthConfig -> ClerkException.AuthConfig(msg, reason)
    is Native.WebhookVerification -> ClerkException.WebhookVerification(msg, reason)
    is Native.WebhookConfig -> ClerkException.WebhookConfig(msg, reason)
    is Native.Cancelled -> ClerkException.Cancelled(msg)
    is Native.Internal -> ClerkException.Internal(msg)
}

/** Runs a native call, rethrowing its errors as [ClerkException]. */
internal inline fun <T> native(block: () -> T): T =
    try {
        block()
    } catch (e: Native) {
        throw e.toPublic()
    } catch (e: com.clerk.backend.ffi.InternalException) {
        throw ClerkException.Internal(e.message ?: "clerk-backend: internal error")
    }

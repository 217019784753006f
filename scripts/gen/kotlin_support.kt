// The runtime the generated models and resources share: JSON-backed views,
// decoders that name the field they fail on, and the parameter builder.
//
// Numbers: an `integer` field reads as Long (timestamps included); a value that does
// not fit a Long fails when that getter is read (the view itself never fails and keeps
// the exact digits in `json`, where `bigInteger(key)` reads them). A `number` field reads
// as BigDecimal, so no value is rounded or out of range.
package com.clerk.backend.generated.models

import com.clerk.backend.ClerkException
import java.math.BigDecimal
import java.math.BigInteger
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** Anything that is a view over one JSON object of the API. */
interface JsonBacked {
    /** The object exactly as the API sent it: unknown fields included, nothing renamed. */
    val json: JsonObject
}

/**
 * Base of every generated model: a typed view over the response's JSON object.
 * Equality, hash and text are the JSON's, so two views of the same data are equal.
 */
abstract class JsonModel(final override val json: JsonObject) : JsonBacked {
    /** The integer at [key] at any size, or null when it is absent, null or not an integer. */
    fun bigInteger(key: String): BigInteger? =
        (json[key] as? JsonPrimitive)?.takeIf { it !is JsonNull && !it.isString }?.content?.toBigIntegerOrNull()

    override fun equals(other: Any?): Boolean =
        other is JsonModel && other.javaClass == javaClass && other.json == json

    override fun hashCode(): Int = json.hashCode()

    override fun toString(): String = "${javaClass.simpleName}($json)"
}

/** A generated enum: [value] is the string on the wire, known or not. */
interface ClerkEnum {
    val value: String
}

/**
 * The API sent a value of another JSON type than the spec declares, or left out a required one:
 * a [ClerkException.Decode] (code `decode_error`) naming the model and field, thrown when the
 * response is decoded or the getter read.
 */
private fun unexpected(message: String): Nothing = throw ClerkException.Decode(message, null, null)

internal object Decode {
    val string: (JsonElement) -> String = { e -> primitive(e, "a string").takeIf { it.isString }?.content ?: fail("a string", e) }
    val long: (JsonElement) -> Long = { e -> numeric(e, "an integer").toLongOrNull() ?: fail("an integer within Long (read it with bigInteger)", e) }
    val number: (JsonElement) -> BigDecimal = { e -> numeric(e, "a number").toBigDecimalOrNull() ?: fail("a number", e) }
    val boolean: (JsonElement) -> Boolean = { e ->
        when (numericOrNull(e)) {
            "true" -> true
            "false" -> false
            else -> fail("a boolean", e)
        }
    }
    val any: (JsonElement) -> JsonElement = { it }
    val jsonObject: (JsonElement) -> JsonObject = { e -> e as? JsonObject ?: fail("an object", e) }
    val unit: (JsonElement) -> Unit = { }

    fun <T> list(item: (JsonElement) -> T): (JsonElement) -> List<T> = { e -> (e as? JsonArray ?: fail("an array", e)).map(item) }

    fun <T> map(value: (JsonElement) -> T): (JsonElement) -> Map<String, T> =
        { e -> (e as? JsonObject ?: fail("an object", e)).mapValues { value(it.value) } }

    fun <T> nullable(inner: (JsonElement) -> T): (JsonElement) -> T? = { e -> if (e is JsonNull) null else inner(e) }

    fun <T> obj(make: (JsonObject) -> T): (JsonElement) -> T = { e -> make(e as? JsonObject ?: fail("an object", e)) }

    fun <T> enum(of: (String) -> T): (JsonElement) -> T = { e -> of(string(e)) }

    private fun primitive(e: JsonElement, expected: String): JsonPrimitive =
        if (e is JsonPrimitive && e !is JsonNull) e else fail(expected, e)

    private fun numeric(e: JsonElement, expected: String): String =
        primitive(e, expected).takeIf { !it.isString }?.content ?: fail(expected, e)

    private fun numericOrNull(e: JsonElement): String? = (e as? JsonPrimitive)?.takeIf { it !is JsonNull && !it.isString }?.content

    // The value itself stays out of the message: API data may hold secrets.
    fun fail(expected: String, e: JsonElement): Nothing = unexpected("expected $expected, found ${kindOf(e)}")

    private fun kindOf(e: JsonElement): String = when {
        e is JsonNull -> "null"
        e is JsonObject -> "an object"
        e is JsonArray -> "an array"
        (e as JsonPrimitive).isString -> "a string"
        e.content == "true" || e.content == "false" -> "a boolean"
        else -> "a number"
    }
}

internal fun <T> JsonObject.required(owner: String, key: String, decode: (JsonElement) -> T): T {
    val value = this[key] ?: unexpected("$owner.$key: missing from the response")
    return decodeField(owner, key, value, decode)
}

internal fun <T> JsonObject.optional(owner: String, key: String, decode: (JsonElement) -> T): T? {
    val value = this[key]
    return if (value == null || value is JsonNull) null else decodeField(owner, key, value, decode)
}

private fun <T> decodeField(owner: String, key: String, value: JsonElement, decode: (JsonElement) -> T): T =
    try {
        decode(value)
    } catch (e: ClerkException.Decode) {
        unexpected("$owner.$key: ${e.message}")
    }

/** Decodes a whole response (or page item) of [operation], naming it when the JSON does not fit. */
internal fun <T> decodeResponse(operation: String, value: JsonElement, decode: (JsonElement) -> T): T =
    try {
        decode(value)
    } catch (e: ClerkException.Decode) {
        unexpected("$operation response: ${e.message}")
    }

/** A union member's discriminator value, or null. */
internal fun JsonObject.tag(key: String): String? = (this[key] as? JsonPrimitive)?.takeIf { it.isString }?.content

/** True when every key is present (non-null) and every constant matches: how untagged unions pick a variant. */
internal fun JsonObject.fits(keys: Set<String>, constants: Map<String, JsonPrimitive> = emptyMap()): Boolean =
    keys.all { this[it] != null && this[it] !is JsonNull } && constants.all { (k, v) -> this[k] == v }

/** Builds an operation's parameter object with the wire names (docs/DESIGN.md, the parameter convention). */
internal class ParamsBuilder(private val explicitNulls: Set<String>) {
    private val entries = LinkedHashMap<String, JsonElement>()
    private val nullable = HashSet<String>()

    /** A required parameter: sent as given (null only where the spec allows it). */
    fun required(wire: String, value: Any?) {
        entries[wire] = encode(value)
    }

    /** An optional parameter: left out when null. */
    fun optional(wire: String, value: Any?) {
        if (value != null) entries[wire] = encode(value)
    }

    /** An optional field the spec lets be null: left out, sent, or sent as null when named in explicitNulls. */
    fun nullable(name: String, wire: String, value: Any?) {
        nullable += name
        if (value != null) {
            if (name in explicitNulls) invalid("$name is given a value and also named in explicitNulls")
            entries[wire] = encode(value)
        } else if (name in explicitNulls) {
            entries[wire] = JsonNull
        }
    }

    fun build(): JsonObject {
        val unknown = explicitNulls - nullable
        if (unknown.isNotEmpty()) invalid("explicitNulls names ${unknown.sorted()}, which cannot be set to null here")
        return JsonObject(entries)
    }
}

private fun invalid(message: String): Nothing =
    throw ClerkException.InvalidArgument(message, parameter = "explicitNulls", wrongType = false)

internal inline fun params(explicitNulls: Set<String> = emptySet(), block: ParamsBuilder.() -> Unit): JsonObject =
    ParamsBuilder(explicitNulls).apply(block).build()

/** Multipart file fields by wire name, the unset ones left out. */
internal fun <F : Any> files(vararg entries: Pair<String, F?>): Map<String, F> =
    entries.mapNotNull { (k, v) -> v?.let { k to it } }.toMap()

/** A parameter value as JSON: models send their JSON, enums their wire string. */
internal fun encode(value: Any?): JsonElement = when (value) {
    null -> JsonNull
    is JsonElement -> value
    is JsonBacked -> value.json
    is ClerkEnum -> JsonPrimitive(value.value)
    is String -> JsonPrimitive(value)
    is Boolean -> JsonPrimitive(value)
    is Number -> JsonPrimitive(value)
    is Iterable<*> -> JsonArray(value.map(::encode))
    is Map<*, *> -> JsonObject(value.entries.associate { (k, v) -> k.toString() to encode(v) })
    else -> throw ClerkException.InvalidArgument("a ${value::class.simpleName} cannot be sent as JSON", parameter = null, wrongType = true)
}

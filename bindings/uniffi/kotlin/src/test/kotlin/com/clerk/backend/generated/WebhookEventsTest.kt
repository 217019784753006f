package com.clerk.backend.generated

import com.clerk.backend.generated.models.JsonModel
import com.clerk.backend.generated.webhooks.WebhookEvent
import java.io.File
import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Modifier
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The typed webhook events against the webhook spec's own examples (carried in the IR). */
class WebhookEventsTest {
    private val repoRoot = File(System.getProperty("clerk.repoRoot") ?: "../../..").canonicalFile
    private val hooks: JsonObject =
        Json.parseToJsonElement(File(repoRoot, "core/src/generated/ir.json").readText()).jsonObject["webhooks"]!!.jsonObject

    @Test
    fun `every example of every event decodes to its typed event, every getter readable`() {
        var examples = 0
        var getters = 0
        for (e in hooks["events"]!!.jsonArray.map { it.jsonObject }) {
            val type = e["type"]!!.jsonPrimitive.content
            val name = e["name"]!!.jsonPrimitive.content
            for (example in (e["examples"] as? JsonArray).orEmpty()) {
                val event = WebhookEvent.from(example.jsonObject)
                assertEquals(name, event.javaClass.simpleName, type)
                assertEquals(type, event.type)
                assertEquals(example, event.json)
                getters += readAll(event, type)
                examples++
            }
        }
        assertEquals(hooks["events"]!!.jsonArray.size, examples, "one example per event type")
        assertTrue(getters > examples * 5, "the payloads were read through their typed getters ($getters)")
    }

    @Test
    fun `an event type this SDK does not know is Unknown and keeps its JSON`() {
        val json = Json.parseToJsonElement("""{"object": "event", "type": "user.teleported", "data": {"id": "user_1"}}""").jsonObject
        val event = WebhookEvent.from(json)
        assertTrue(event is WebhookEvent.Unknown)
        assertEquals("user.teleported", event.type)
        assertEquals(json, event.json)
    }

    /** Reads every typed getter (the event's own and its envelope's), recursively; how many were read. */
    private fun readAll(value: Any?, path: String): Int = when (value) {
        is JsonModel -> value.javaClass.methods
            .filter { it.parameterCount == 0 && !Modifier.isStatic(it.modifiers) && it.name.startsWith("get") }
            .filter { JsonModel::class.java.isAssignableFrom(it.declaringClass) && it.declaringClass != JsonModel::class.java }
            .sumOf { m ->
                val child = try {
                    m.invoke(value)
                } catch (e: InvocationTargetException) {
                    throw AssertionError("$path.${m.name}: ${e.targetException.message}", e.targetException)
                }
                1 + readAll(child, "$path.${m.name.removePrefix("get")}")
            }
        is Iterable<*> -> value.withIndex().sumOf { (i, v) -> readAll(v, "$path[$i]") }
        is Map<*, *> -> value.entries.sumOf { (k, v) -> readAll(v, "$path[$k]") }
        else -> 0
    }
}

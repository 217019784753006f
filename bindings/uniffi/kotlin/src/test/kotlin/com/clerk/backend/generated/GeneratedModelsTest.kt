package com.clerk.backend.generated

import com.clerk.backend.ClerkException
import com.clerk.backend.generated.models.CommerceDiscountRedemptionResponse
import com.clerk.backend.generated.models.CreateActorTokenBodyActor
import com.clerk.backend.generated.models.CreateBulkInvitationsBodyItem
import com.clerk.backend.generated.models.CreateInvitationBodyTemplateSlug
import com.clerk.backend.generated.models.EmailAddressVerification
import com.clerk.backend.generated.models.InvitationStatus
import com.clerk.backend.generated.models.JWKSKeysItem
import com.clerk.backend.generated.models.JWKSRsaPrivateKey
import com.clerk.backend.generated.models.JWKSRsaPublicKey
import com.clerk.backend.generated.models.User
import com.clerk.backend.generated.models.VerificationOtp
import com.clerk.backend.generated.models.VerificationOtpStatus
import java.math.BigDecimal
import java.math.BigInteger
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The generated models without a client: decoding, unknown values, builders. */
class GeneratedModelsTest {
    private fun obj(text: String): JsonObject = Json.parseToJsonElement(text).jsonObject

    private val userJson = """
        {"id": "user_1", "object": "user", "external_id": null, "username": "ann", "first_name": null,
         "last_name": null, "primary_email_address_id": null, "primary_phone_number_id": null,
         "primary_web3_wallet_id": null, "has_image": false, "public_metadata": {"Plan": {"tier": 1}},
         "email_addresses": [], "phone_numbers": [], "web3_wallets": [], "passkeys": [],
         "password_enabled": true, "two_factor_enabled": false, "totp_enabled": false,
         "backup_code_enabled": false, "mfa_enabled_at": null, "mfa_disabled_at": null,
         "external_accounts": [], "saml_accounts": [], "last_sign_in_at": 1700000000000,
         "banned": false, "locked": false, "lockout_expires_in_seconds": null,
         "verification_attempts_remaining": null, "updated_at": 1700000000001, "created_at": 1700000000002,
         "delete_self_enabled": true, "create_organization_enabled": true, "last_active_at": null,
         "legal_accepted_at": null, "field_from_the_future": {"x": [1, 2]}}
    """

    @Test
    fun `unknown fields are kept and reachable, known ones typed`() {
        val user = User(obj(userJson))
        assertEquals("user_1", user.id)
        assertEquals("user", user.`object`)
        assertEquals(1700000000002L, user.created_at)
        assertEquals(obj("""{"x": [1, 2]}"""), user.json["field_from_the_future"])
        // Metadata untouched: keys keep their case and nesting.
        assertEquals(obj("""{"Plan": {"tier": 1}}"""), user.public_metadata)
        assertEquals(User(obj(userJson)), user)
        assertEquals(User(obj(userJson)).hashCode(), user.hashCode())
        assertTrue(user.toString().startsWith("User({"))
        assertTrue(user.toString().contains("field_from_the_future"))
    }

    @Test
    fun `null and absent optional fields read as null`() {
        val user = User(obj(userJson))
        assertNull(user.external_id)   // null in the JSON
        assertNull(user.first_name)
        assertNull(user.locale)        // absent
        assertNull(user.private_metadata)
        assertEquals("ann", user.username)
    }

    @Test
    fun `a missing required field fails when read, naming it`() {
        val user = User(JsonObject(obj(userJson) - "id"))
        val e = assertThrows<ClerkException.Decode> { user.id }
        assertEquals("User.id: missing from the response", e.message)
        val wrong = User(JsonObject(obj(userJson) + ("created_at" to JsonPrimitive("soon"))))
        val e2 = assertThrows<ClerkException.Decode> { wrong.created_at }
        assertEquals("User.created_at: expected an integer, found a string", e2.message)
    }

    @Test
    fun `unknown enum values decode to Unknown carrying the string`() {
        assertEquals(InvitationStatus.Pending, InvitationStatus.of("pending"))
        val later = InvitationStatus.of("on_hold")
        assertTrue(later is InvitationStatus.Unknown)
        assertEquals("on_hold", later.value)
        assertEquals(4, InvitationStatus.known.size)
        val otp = VerificationOtp(obj("""{"object": "verification_otp", "status": "quarantined", "strategy": "email_code", "attempts": null, "expire_at": null}"""))
        val status = otp.status
        assertTrue(status is VerificationOtpStatus.Unknown)
        assertEquals("quarantined", status.value)
    }

    @Test
    fun `big integers and numbers decode without loss`() {
        val big = "123456789012345678901234567890"
        val user = User(JsonObject(obj(userJson) + ("created_at" to Json.parseToJsonElement(big))))
        // The view keeps the exact digits; the Long getter refuses rather than wraps.
        assertEquals(BigInteger(big), user.bigInteger("created_at"))
        assertTrue(user.toString().contains(big))
        assertThrows<ClerkException.Decode> { user.created_at }
        val discount = CommerceDiscountRedemptionResponse(obj("""{"percent_off": 12.50000000000000000001}"""))
        assertEquals(BigDecimal("12.50000000000000000001"), discount.percent_off)
    }

    @Test
    fun `unions pick the variant by tag, or the most specific fit, else Unknown`() {
        val otp = EmailAddressVerification.from(obj("""{"object": "verification_otp", "status": "verified", "strategy": "email_code"}"""))
        assertTrue(otp is VerificationOtp)
        val later = EmailAddressVerification.from(obj("""{"object": "verification_passkey"}"""))
        assertTrue(later is EmailAddressVerification.Unknown)
        assertEquals(obj("""{"object": "verification_passkey"}"""), later.json)

        val public = """{"kid": "k", "alg": "RS256", "use": "sig", "kty": "RSA", "n": "AQ", "e": "AQAB"}"""
        assertTrue(JWKSKeysItem.from(obj(public)) is JWKSRsaPublicKey)
        val private = obj(public).toMutableMap().apply { listOf("d", "p", "q").forEach { put(it, JsonPrimitive("AQ")) } }
        assertTrue(JWKSKeysItem.from(JsonObject(private)) is JWKSRsaPrivateKey)
        assertTrue(JWKSKeysItem.from(obj("""{"kty": "PQC"}""")) is JWKSKeysItem.Unknown)
    }

    @Test
    fun `models a caller sends are built from named fields with wire names`() {
        assertEquals(obj("""{"sub": "user_1"}"""), CreateActorTokenBodyActor.of(sub = "user_1").json)
        val item = CreateBulkInvitationsBodyItem.of(
            emailAddress = "a@example.com",
            templateSlug = CreateInvitationBodyTemplateSlug.of("invitation"),
            explicitNulls = setOf("redirectUrl"),
        )
        assertEquals(obj("""{"email_address": "a@example.com", "redirect_url": null, "template_slug": "invitation"}"""), item.json)
        assertEquals("a@example.com", item.email_address)
    }
}

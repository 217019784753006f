//! Session JWT verification: the ordered checks of spec section 5. The
//! signature is checked before any claim is looked at.

use std::time::{Duration, UNIX_EPOCH};

use super::jwt::{DecodedJwt, Lenient, CAT_M2M};
use super::keys::{KeyUseError, RsaAlg, SigCheck};
use super::options::VerifyParams;
use super::reasons::{
    TokenVerificationError, TokenVerificationErrorAction as Action, TokenVerificationErrorReason as Reason,
};
use super::Authenticator;

/// Which token class a verification pass is for (spec 5 and 8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    Session,
    /// M2M JWT: no `azp`/issuer checks.
    M2m,
    /// OAuth JWT: `typ` must be `at+jwt`; audience checked by the caller.
    OAuth,
}

fn err(reason: Reason, message: impl Into<String>) -> TokenVerificationError {
    TokenVerificationError::new(reason, message)
}

/// Shows a claim value in a message, bounded.
fn shown(v: &Lenient<String>) -> String {
    match v {
        Lenient::Absent => "undefined".to_owned(),
        Lenient::Value(s) => {
            let cut: String = s.chars().take(100).collect();
            format!("{cut:?}")
        }
        Lenient::Other => "(not a string)".to_owned(),
    }
}

fn date(ms: f64) -> String {
    if (0.0..253_402_300_799_000.0).contains(&ms) {
        httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_millis(ms as u64))
    } else {
        format!("{ms} ms")
    }
}

pub(crate) fn decode_error(e: super::jwt::DecodeError) -> TokenVerificationError {
    err(Reason::TokenInvalid, e.message()).with_action(Action::EnsureClerkJwt)
}

impl Authenticator {
    /// Steps 0–13 for a session token.
    pub(crate) async fn verify_session(
        &self,
        token: &str,
        params: &VerifyParams<'_>,
    ) -> Result<super::jwt::Claims, TokenVerificationError> {
        let decoded = super::jwt::decode(token, params.max_len).map_err(decode_error)?;
        self.verify_decoded_session(token, decoded, params).await
    }

    pub(crate) async fn verify_decoded_session(
        &self,
        token: &str,
        decoded: DecodedJwt,
        params: &VerifyParams<'_>,
    ) -> Result<super::jwt::Claims, TokenVerificationError> {
        if decoded.header.cat.as_str() == Some(CAT_M2M) {
            return Err(err(Reason::TokenInvalid, "Invalid session token category."));
        }
        self.verify_decoded(token, &decoded, params, Pass::Session).await?;
        Ok(decoded.claims)
    }

    /// Steps 3–13 (key resolution onward) for any pass.
    pub(crate) async fn verify_decoded(
        &self,
        token: &str,
        decoded: &DecodedJwt,
        params: &VerifyParams<'_>,
        pass: Pass,
    ) -> Result<(), TokenVerificationError> {
        let key = self.resolve_key(decoded.header.kid.as_str(), params).await?;
        check_header(decoded, pass)?;
        let alg = decoded.header.alg.as_str().and_then(RsaAlg::parse).ok_or_else(|| {
            err(
                Reason::TokenInvalidAlgorithm,
                format!("Invalid JWT algorithm {}. Supported: RS256, RS384, RS512.", shown(&decoded.header.alg)),
            )
        })?;
        let verified = match key.as_ref() {
            Ok(k) => k.verify(alg, decoded.signing_input(token).as_bytes(), &decoded.signature),
            Err(_) => Err(KeyUseError::Unusable),
        };
        match verified {
            Ok(SigCheck::Valid) => {}
            Ok(SigCheck::Invalid) => {
                return Err(err(Reason::TokenInvalidSignature, "JWT signature is invalid."));
            }
            Err(KeyUseError::AlgMismatch) => {
                return Err(err(
                    Reason::TokenVerificationFailed,
                    "The verification key is not for the token's algorithm.",
                ));
            }
            Err(KeyUseError::Unusable) => {
                return Err(err(Reason::TokenVerificationFailed, "The verification key could not be imported.")
                    .with_action(Action::SetClerkJwtKey));
            }
        }
        check_claims(decoded, params, pass, self.now_ms())
    }
}

/// Step 4 (`typ`).
fn check_header(decoded: &DecodedJwt, pass: Pass) -> Result<(), TokenVerificationError> {
    let typ = &decoded.header.typ;
    let ok = match pass {
        Pass::Session | Pass::M2m => matches!(typ, Lenient::Absent) || typ.as_str() == Some("JWT"),
        Pass::OAuth => matches!(typ.as_str(), Some("at+jwt" | "application/at+jwt")),
    };
    if ok {
        Ok(())
    } else {
        let expected = if pass == Pass::OAuth { "\"at+jwt\"" } else { "\"JWT\"" };
        Err(err(Reason::TokenInvalid, format!("Invalid JWT type {}. Expected {expected}.", shown(typ))))
    }
}

/// Steps 7–13, on a token whose signature is valid.
fn check_claims(
    decoded: &DecodedJwt,
    params: &VerifyParams<'_>,
    pass: Pass,
    now_ms: i64,
) -> Result<(), TokenVerificationError> {
    let c = &decoded.claims.known;
    if c.sub.as_str().is_none() {
        return Err(err(
            Reason::TokenVerificationFailed,
            format!("Subject claim (sub) is required and must be a string. Received {}.", shown(&c.sub)),
        ));
    }
    if pass != Pass::OAuth && !audience_ok(c.aud.list(), params.audience) {
        return Err(err(
            Reason::TokenVerificationFailed,
            "Invalid JWT audience claim (aud). It is not included in the configured audience.",
        ));
    }
    if pass == Pass::Session {
        if !params.authorized_parties.is_empty() {
            match c.azp.as_str() {
                Some(azp) if !azp.is_empty() && params.authorized_parties.iter().any(|p| p == azp) => {}
                Some(azp) if !azp.is_empty() => {
                    return Err(err(
                        Reason::TokenInvalidAuthorizedParties,
                        format!(
                            "Invalid JWT Authorized party claim (azp) {}. Expected one of the authorized parties.",
                            shown(&c.azp)
                        ),
                    ));
                }
                _ => {
                    return Err(err(
                        Reason::TokenInvalidAuthorizedParties,
                        "Invalid JWT Authorized party claim (azp): the claim is missing or empty while authorized parties are configured.",
                    ));
                }
            }
        }
        let issuers: Vec<&String> = params.issuer.iter().filter(|i| !i.is_empty()).collect();
        if !issuers.is_empty() && !c.iss.as_str().is_some_and(|iss| issuers.iter().any(|i| *i == iss)) {
            return Err(err(
                Reason::TokenInvalidIssuer,
                format!("Invalid JWT issuer claim (iss) {}. It is not one of the configured issuers.", shown(&c.iss)),
            ));
        }
    }
    check_times(decoded, params.skew_ms, now_ms)
}

/// Steps 11–13. Fractional seconds are truncated before the ×1000.
fn check_times(decoded: &DecodedJwt, skew: i64, now_ms: i64) -> Result<(), TokenVerificationError> {
    let c = &decoded.claims.known;
    let now = now_ms as f64;
    let skew = skew as f64;
    let ms = |v: f64| v.trunc() * 1000.0;
    let exp = match c.exp {
        Lenient::Value(v) => ms(v),
        _ => {
            return Err(err(
                Reason::TokenVerificationFailed,
                "Invalid JWT expiry date claim (exp): it must be a number.",
            ));
        }
    };
    if exp <= now - skew {
        return Err(err(
            Reason::TokenExpired,
            format!("JWT is expired. Expiry date: {}, Current date: {}.", date(exp), date(now)),
        ));
    }
    match c.nbf {
        Lenient::Absent => {}
        Lenient::Value(v) if ms(v) > now + skew => {
            return Err(err(
                Reason::TokenNotActiveYet,
                format!(
                    "JWT cannot be used prior to not before date claim (nbf). Not before date: {}; Current date: {};",
                    date(ms(v)),
                    date(now)
                ),
            ));
        }
        Lenient::Value(_) => {}
        Lenient::Other => {
            return Err(err(
                Reason::TokenVerificationFailed,
                "Invalid JWT not before date claim (nbf): it must be a number.",
            ));
        }
    }
    match c.iat {
        Lenient::Absent => Ok(()),
        Lenient::Value(v) if ms(v) > now + skew => Err(err(
            Reason::TokenIatInTheFuture,
            format!(
                "JWT issued at date claim (iat) is in the future. Issued at date: {}; Current date: {};",
                date(ms(v)),
                date(now)
            ),
        )
        .with_action(Action::EnsureClockSync)),
        Lenient::Value(_) => Ok(()),
        Lenient::Other => {
            Err(err(Reason::TokenVerificationFailed, "Invalid JWT issued at date claim (iat): it must be a number."))
        }
    }
}

/// Spec 5.4. `token` is `None` when `aud` held a non-string value.
pub(crate) fn audience_ok(token: Option<&[String]>, configured: &[String]) -> bool {
    let mut wanted = configured.iter().filter(|a| !a.is_empty()).peekable();
    if wanted.peek().is_none() {
        return true;
    }
    match token {
        Some(list) if !list.is_empty() => wanted.any(|a| list.contains(a)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::audience_ok;

    #[test]
    fn audience_rules() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(audience_ok(Some(&a(&["x"])), &[]));
        assert!(audience_ok(Some(&[]), &a(&[""])));
        assert!(audience_ok(Some(&a(&["x", "y"])), &a(&["y"])));
        assert!(!audience_ok(Some(&a(&["x"])), &a(&["y"])));
        assert!(!audience_ok(Some(&[]), &a(&["y"])));
        assert!(!audience_ok(None, &a(&["y"])));
    }
}

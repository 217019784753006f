//! Verification keys, parsed once: a PEM `jwt_key` (spec 5.3) or a JWK from
//! the instance JWKS (spec 6.2).

use aws_lc_rs::signature::{
    ParsedPublicKey, RsaParameters, RsaPublicKeyComponents, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_2048_8192_SHA384,
    RSA_PKCS1_2048_8192_SHA512,
};
use base64::Engine as _;

use super::jwt::B64URL;

/// The signature algorithms a Clerk token may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RsaAlg {
    Rs256,
    Rs384,
    Rs512,
}

impl RsaAlg {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "RS256" => Some(RsaAlg::Rs256),
            "RS384" => Some(RsaAlg::Rs384),
            "RS512" => Some(RsaAlg::Rs512),
            _ => None,
        }
    }

    fn params(self) -> &'static RsaParameters {
        match self {
            RsaAlg::Rs256 => &RSA_PKCS1_2048_8192_SHA256,
            RsaAlg::Rs384 => &RSA_PKCS1_2048_8192_SHA384,
            RsaAlg::Rs512 => &RSA_PKCS1_2048_8192_SHA512,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    const ALL: [RsaAlg; 3] = [RsaAlg::Rs256, RsaAlg::Rs384, RsaAlg::Rs512];
}

/// What a key declares about the algorithm it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DeclaredAlg {
    /// No `alg` member: any RSA algorithm.
    Any,
    Rsa(RsaAlg),
    /// An `alg` this SDK never accepts (`ES256`, `PS256`, …): nothing verifies.
    Unsupported,
}

/// A public key ready for verification: one parsed key per algorithm it may
/// be used with, built once.
pub(crate) struct VerifyKey {
    declared: DeclaredAlg,
    parsed: [Option<ParsedPublicKey>; 3],
}

/// Why a key cannot verify a token with the requested algorithm; step 6's
/// `token-verification-failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyUseError {
    AlgMismatch,
    Unusable,
}

/// A signature check result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SigCheck {
    Valid,
    Invalid,
}

impl VerifyKey {
    fn build(
        declared: DeclaredAlg,
        make: impl Fn(&'static RsaParameters) -> Option<ParsedPublicKey>,
    ) -> Result<Self, KeyImportError> {
        let mut parsed = [None, None, None];
        for alg in RsaAlg::ALL {
            let wanted = match &declared {
                DeclaredAlg::Any => true,
                DeclaredAlg::Rsa(a) => *a == alg,
                DeclaredAlg::Unsupported => false,
            };
            if wanted {
                parsed[alg.index()] = Some(make(alg.params()).ok_or(KeyImportError)?);
            }
        }
        Ok(VerifyKey { declared, parsed })
    }

    /// Verifies `signature` over `message` with `alg` (step 6).
    pub(crate) fn verify(&self, alg: RsaAlg, message: &[u8], signature: &[u8]) -> Result<SigCheck, KeyUseError> {
        match &self.declared {
            DeclaredAlg::Rsa(a) if *a != alg => return Err(KeyUseError::AlgMismatch),
            DeclaredAlg::Unsupported => return Err(KeyUseError::AlgMismatch),
            _ => {}
        }
        let key = self.parsed[alg.index()].as_ref().ok_or(KeyUseError::Unusable)?;
        Ok(match key.verify_sig(message, signature) {
            Ok(()) => SigCheck::Valid,
            Err(_) => SigCheck::Invalid,
        })
    }
}

/// The key material could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyImportError;

const MIN_RSA_BITS: usize = 2048;
const MAX_RSA_BITS: usize = 8192;

/// Parses a `jwt_key`: PEM SPKI (LF, CRLF or no line breaks) or its bare
/// base64 body. The key is an RS256 key (spec 5.3).
pub(crate) fn parse_pem_key(pem: &str) -> Result<VerifyKey, KeyImportError> {
    let body: String = strip_pem_armour(pem)?.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(body.as_bytes()).map_err(|_| KeyImportError)?;
    let (n, e) = spki_rsa_components(&der).ok_or(KeyImportError)?;
    rsa_key(DeclaredAlg::Rsa(RsaAlg::Rs256), n, e)
}

fn strip_pem_armour(pem: &str) -> Result<&str, KeyImportError> {
    const BEGIN: &str = "-----BEGIN PUBLIC KEY-----";
    const END: &str = "-----END PUBLIC KEY-----";
    let t = pem.trim();
    match (t.strip_prefix(BEGIN), t.contains(END)) {
        (Some(rest), true) => {
            let end = rest.find(END).ok_or(KeyImportError)?;
            if !rest[end + END.len()..].trim().is_empty() {
                return Err(KeyImportError);
            }
            Ok(&rest[..end])
        }
        (None, false) if !t.contains("-----") => Ok(t),
        _ => Err(KeyImportError),
    }
}

/// A JWK from the JWKS (only RSA keys are usable).
pub(crate) fn parse_jwk(jwk: &serde_json::Value) -> Result<VerifyKey, KeyImportError> {
    if jwk.get("kty").and_then(|v| v.as_str()) != Some("RSA") {
        return Err(KeyImportError);
    }
    let declared = match jwk.get("alg") {
        None | Some(serde_json::Value::Null) => DeclaredAlg::Any,
        Some(serde_json::Value::String(a)) => RsaAlg::parse(a).map_or(DeclaredAlg::Unsupported, DeclaredAlg::Rsa),
        Some(_) => DeclaredAlg::Unsupported,
    };
    let field = |name: &str| -> Result<Vec<u8>, KeyImportError> {
        let s = jwk.get(name).and_then(|v| v.as_str()).ok_or(KeyImportError)?;
        B64URL.decode(s).map_err(|_| KeyImportError)
    };
    let (n, e) = (field("n")?, field("e")?);
    rsa_key(declared, &n, &e)
}

fn rsa_key(declared: DeclaredAlg, n: &[u8], e: &[u8]) -> Result<VerifyKey, KeyImportError> {
    let n = strip_leading_zeros(n);
    let e = strip_leading_zeros(e);
    let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
    if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) || e.is_empty() {
        return Err(KeyImportError);
    }
    let components = RsaPublicKeyComponents { n, e };
    VerifyKey::build(declared, |params| components.to_parsed_public_key(params).ok())
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|x| *x != 0).unwrap_or(b.len());
    &b[start..]
}

/// Minimal DER reader for `SubjectPublicKeyInfo { AlgorithmIdentifier(rsaEncryption), BIT STRING(RSAPublicKey { n, e }) }`.
fn spki_rsa_components(der: &[u8]) -> Option<(&[u8], &[u8])> {
    const RSA_ENCRYPTION_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let (spki, rest) = der_tlv(der, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (alg_id, after_alg) = der_tlv(spki, 0x30)?;
    let (oid, _params) = der_tlv(alg_id, 0x06)?;
    if oid != RSA_ENCRYPTION_OID {
        return None;
    }
    let (bits, after_bits) = der_tlv(after_alg, 0x03)?;
    if !after_bits.is_empty() {
        return None;
    }
    let (unused, key) = bits.split_first()?;
    if *unused != 0 {
        return None;
    }
    let (rsa, rest) = der_tlv(key, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (n, after_n) = der_tlv(rsa, 0x02)?;
    let (e, after_e) = der_tlv(after_n, 0x02)?;
    after_e.is_empty().then_some((n, e))
}

/// One DER TLV with the expected tag: returns (contents, remainder).
fn der_tlv(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&t, rest) = input.split_first()?;
    if t != tag {
        return None;
    }
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let count = (first & 0x7f) as usize;
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let mut len = 0usize;
        for &b in &rest[..count] {
            len = (len << 8) | b as usize;
        }
        rest = &rest[count..];
        len
    };
    (rest.len() >= len).then(|| rest.split_at(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEM: &str = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvl43zx6tobeiBiRVkVOk\n9UOrvCRgwLiQO8p/WQzasqso2fbPvIn4Dz7MA01XxgZwdd9rJDy/dET616cCRinc\nS61GUG8u3OmKd2gAyGdh/aPkQTxnGbutRoao9tNQMu8ii3e09eA7CKq4A7EOw68v\nvcgR2ooc0kUmfFFIn+/5GtrUHyATarC3arNalD/tnSrTVwG4ARx4CW1YPng0E+cO\nOipiD72XA8x5TdmXgc4s90KEJq2As87AtoCA3Ro4/2d8Pri+qeeAZzsNOcni0CuP\n3VviLE8psbaxp35sInAKcNdgCRorfdw4+RW5XzZ3KZd5u9/McbtKEFwUF1VUHem6\n9QIDAQAB\n-----END PUBLIC KEY-----\n";

    #[test]
    fn pem_forms() {
        assert!(parse_pem_key(PEM).is_ok());
        assert!(parse_pem_key(&PEM.replace('\n', "\r\n")).is_ok());
        assert!(parse_pem_key(&PEM.replace('\n', "")).is_ok());
        let body: String = PEM.lines().filter(|l| !l.starts_with("-----")).collect();
        assert!(parse_pem_key(&body).is_ok());
        assert!(parse_pem_key("-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----").is_err());
        assert!(parse_pem_key("").is_err());
        assert!(parse_pem_key(&PEM.replace("PUBLIC KEY", "CERTIFICATE")).is_err());
    }

    #[test]
    fn pem_key_is_rs256_only() {
        let key = parse_pem_key(PEM).expect("parses");
        assert_eq!(key.verify(RsaAlg::Rs384, b"m", b"s"), Err(KeyUseError::AlgMismatch));
        assert_eq!(key.verify(RsaAlg::Rs256, b"m", &[0u8; 256]), Ok(SigCheck::Invalid));
    }

    #[test]
    fn jwk_forms() {
        let jwk = serde_json::json!({"kty":"RSA","kid":"k","alg":"RS256","e":"AQAB","n":"vl43zx6tobeiBiRVkVOk9UOrvCRgwLiQO8p_WQzasqso2fbPvIn4Dz7MA01XxgZwdd9rJDy_dET616cCRincS61GUG8u3OmKd2gAyGdh_aPkQTxnGbutRoao9tNQMu8ii3e09eA7CKq4A7EOw68vvcgR2ooc0kUmfFFIn-_5GtrUHyATarC3arNalD_tnSrTVwG4ARx4CW1YPng0E-cOOipiD72XA8x5TdmXgc4s90KEJq2As87AtoCA3Ro4_2d8Pri-qeeAZzsNOcni0CuP3VviLE8psbaxp35sInAKcNdgCRorfdw4-RW5XzZ3KZd5u9_McbtKEFwUF1VUHem69Q"});
        assert!(parse_jwk(&jwk).is_ok());
        let mut no_alg = jwk.clone();
        no_alg.as_object_mut().map(|o| o.remove("alg"));
        let k = parse_jwk(&no_alg).expect("parses");
        assert_eq!(k.verify(RsaAlg::Rs512, b"m", &[0u8; 256]), Ok(SigCheck::Invalid));
        let mut es = jwk.clone();
        es["alg"] = "ES256".into();
        let k = parse_jwk(&es).expect("parses");
        assert_eq!(k.verify(RsaAlg::Rs256, b"m", b"s"), Err(KeyUseError::AlgMismatch));
        let mut short = jwk.clone();
        short["n"] = "AQAB".into();
        assert!(parse_jwk(&short).is_err());
        let mut ec = jwk;
        ec["kty"] = "EC".into();
        assert!(parse_jwk(&ec).is_err());
    }
}

//! Organization claims (spec section 10): v1 copied verbatim, v2 expanded
//! from the `o` object and the feature/permission bitmasks.

use serde_json::{Map, Value};

#[derive(Debug, Default, PartialEq)]
pub(crate) struct OrgFields {
    pub id: Option<String>,
    pub slug: Option<String>,
    pub role: Option<String>,
    pub permissions: Option<Vec<String>>,
}

fn string(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

pub(crate) fn org_fields(claims: &Map<String, Value>) -> OrgFields {
    if claims.get("v").and_then(Value::as_f64) != Some(2.0) {
        return OrgFields {
            id: string(claims.get("org_id")),
            slug: string(claims.get("org_slug")),
            role: string(claims.get("org_role")),
            permissions: claims
                .get("org_permissions")
                .and_then(Value::as_array)
                .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
        };
    }
    let Some(o) = claims.get("o").and_then(Value::as_object) else {
        return OrgFields::default();
    };
    let text = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("");
    OrgFields {
        id: string(o.get("id")),
        slug: string(o.get("slg")),
        role: string(o.get("rol")).filter(|r| !r.is_empty()).map(|r| format!("org:{r}")),
        permissions: Some(permissions(
            claims.get("fea").and_then(Value::as_str).unwrap_or(""),
            text("per"),
            text("fpm"),
        )),
    }
}

/// `org:<feature>:<permission>` for every set bit of each org feature's mask,
/// masks aligned with the full `fea` list (deviation from JS, spec 10.3).
pub(crate) fn permissions(fea: &str, per: &str, fpm: &str) -> Vec<String> {
    let split = |s: &str| -> Vec<String> {
        if s.trim().is_empty() {
            Vec::new()
        } else {
            s.split(',').map(|x| x.trim().to_owned()).collect()
        }
    };
    let perms = split(per);
    let masks = split(fpm);
    if perms.is_empty() || masks.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, feature) in fea.split(',').map(str::trim).enumerate() {
        let Some((scope, name)) = feature.split_once(':') else { continue };
        if !matches!(scope, "o" | "ou" | "uo") {
            continue;
        }
        let Some(mask) = masks.get(i) else { continue };
        for bit in set_bits(mask, perms.len()) {
            out.push(format!("org:{name}:{}", perms[bit]));
        }
    }
    out
}

/// Indices (ascending, below `limit`) of the set bits of a decimal integer
/// of any size; nothing for a string that is not all ASCII digits.
fn set_bits(decimal: &str, limit: usize) -> Vec<usize> {
    if decimal.is_empty() || !decimal.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    // Base 2^32 limbs, least significant first: value = value*10 + digit.
    let mut limbs: Vec<u32> = vec![0];
    for d in decimal.bytes().map(|b| u64::from(b - b'0')) {
        let mut carry = d;
        for limb in limbs.iter_mut() {
            let v = u64::from(*limb) * 10 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    (0..limit.min(limbs.len() * 32)).filter(|&j| limbs[j / 32] >> (j % 32) & 1 == 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example() {
        assert_eq!(
            permissions("o:billing,o:reports,u:beta", "read,manage", "3,1,0"),
            ["org:billing:read", "org:billing:manage", "org:reports:read"]
        );
    }

    #[test]
    fn full_alignment_and_bad_masks() {
        assert_eq!(permissions("u:beta,o:reports", "read,manage", "0,3"), ["org:reports:read", "org:reports:manage"]);
        assert!(permissions("o:a", "read", "-1").is_empty());
        assert!(permissions("o:a", "read", "").is_empty());
        assert!(permissions("nocolon,o:a", "read", "1,1") == ["org:a:read"]);
    }

    #[test]
    fn big_masks_are_exact() {
        assert_eq!(set_bits("9007199254740993", 64), vec![0, 53]);
        assert_eq!(set_bits("340282366920938463463374607431768211456", 200), vec![128]);
        assert_eq!(set_bits("5", 2), vec![0]);
    }
}

//! The mock's in-memory data: users (seeded from `tests/fixtures/users.json`)
//! and the sessions created for them.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use rand::distributions::Alphanumeric;
use rand::Rng;
use serde_json::{json, Map, Value};

const SEED_USERS: &str = include_str!("../../fixtures/users.json");
/// A new user's defaults; `create_user` fills in ids, identifications and timestamps.
const NEW_USER: &str = include_str!("../../fixtures/new-user.json");

/// Fields `POST /users` accepts that are copied onto the user as given.
const PLAIN_CREATE_FIELDS: [&str; 8] = [
    "first_name",
    "last_name",
    "username",
    "external_id",
    "locale",
    "public_metadata",
    "private_metadata",
    "unsafe_metadata",
];

pub struct Store {
    /// Newest first, as the real `GET /users` orders by default (`-created_at`).
    users: Vec<Value>,
    /// session id -> user id
    sessions: HashMap<String, String>,
    new_user: Value,
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// A Clerk-looking id: `user_` followed by 27 base62 characters.
pub fn new_id(prefix: &str) -> String {
    let tail: String = rand::thread_rng().sample_iter(&Alphanumeric).take(27).map(char::from).collect();
    format!("{prefix}_{tail}")
}

impl Store {
    pub fn new() -> Result<Self, String> {
        let users: Vec<Value> = serde_json::from_str(SEED_USERS)
            .map_err(|e| format!("tests/fixtures/users.json is not a JSON array of users: {e}"))?;
        let new_user = serde_json::from_str::<Value>(NEW_USER)
            .ok()
            .filter(Value::is_object)
            .ok_or("tests/fixtures/new-user.json is not a JSON object")?;
        Ok(Store { users, sessions: HashMap::new(), new_user })
    }

    pub fn list_users(&self, limit: usize, offset: usize) -> Vec<Value> {
        self.users.iter().skip(offset).take(limit).cloned().collect()
    }

    pub fn user(&self, id: &str) -> Option<&Value> {
        self.users.iter().find(|u| u["id"] == id)
    }

    /// Builds a user the way `POST /users` would: the given names, emails and
    /// metadata, everything else at a new user's defaults.
    pub fn create_user(&mut self, body: &Map<String, Value>) -> Value {
        let now = now_ms();
        let emails: Vec<Value> = string_list(body.get("email_address"))
            .into_iter()
            .map(|address| identification("email_address", "email_address", &address, now))
            .collect();
        let phones: Vec<Value> = string_list(body.get("phone_number"))
            .into_iter()
            .map(|number| identification("phone_number", "phone_number", &number, now))
            .collect();
        let password_enabled = body.get("password").is_some_and(Value::is_string)
            || body.get("password_digest").is_some_and(Value::is_string);
        let mut user = self.new_user.clone();
        let fields = [
            ("id", json!(new_id("user"))),
            ("primary_email_address_id", emails.first().map_or(Value::Null, |e| e["id"].clone())),
            ("primary_phone_number_id", phones.first().map_or(Value::Null, |p| p["id"].clone())),
            ("password_enabled", json!(password_enabled)),
            ("password_last_updated_at", if password_enabled { json!(now) } else { Value::Null }),
            ("email_addresses", Value::Array(emails)),
            ("phone_numbers", Value::Array(phones)),
            ("created_at", json!(now)),
            ("updated_at", json!(now)),
        ];
        for (field, value) in fields {
            user[field] = value;
        }
        for field in PLAIN_CREATE_FIELDS {
            if let Some(v) = body.get(field) {
                user[field] = v.clone();
            }
        }
        self.users.insert(0, user.clone());
        user
    }

    /// `PATCH /users/{id}/metadata`: each given metadata object is deep-merged
    /// into the stored one; a `null` value removes its key, as Clerk documents.
    pub fn update_metadata(&mut self, id: &str, body: &Map<String, Value>) -> Option<Value> {
        let user = self.users.iter_mut().find(|u| u["id"] == id)?;
        for field in ["public_metadata", "private_metadata", "unsafe_metadata"] {
            if let Some(patch) = body.get(field) {
                merge(&mut user[field], patch);
            }
        }
        user["updated_at"] = json!(now_ms());
        Some(user.clone())
    }

    pub fn delete_user(&mut self, id: &str) -> bool {
        let before = self.users.len();
        self.users.retain(|u| u["id"] != id);
        self.sessions.retain(|_, user_id| user_id != id);
        self.users.len() != before
    }

    pub fn create_session(&mut self, user_id: &str) -> String {
        let id = new_id("sess");
        self.sessions.insert(id.clone(), user_id.to_owned());
        id
    }

    pub fn session_user(&self, session_id: &str) -> Option<&str> {
        self.sessions.get(session_id).map(String::as_str)
    }
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// An email address or phone number as a freshly created, admin-verified identification.
fn identification(object: &str, key: &str, value: &str, now: i64) -> Value {
    json!({
        "id": new_id("idn"),
        "object": object,
        key: value,
        "reserved": false,
        "verification": {
            "object": "verification_admin",
            "status": "verified",
            "strategy": "admin",
            "attempts": null,
            "expire_at": null,
            "verified_at_client": null
        },
        "linked_to": [],
        "created_at": now,
        "updated_at": now
    })
}

fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_merges_deeply_and_null_removes() {
        let mut target = json!({"plan": "pro", "limits": {"seats": 3, "projects": 10}, "beta": true});
        merge(&mut target, &json!({"limits": {"seats": 5}, "beta": null, "team": "core"}));
        assert_eq!(target, json!({"plan": "pro", "limits": {"seats": 5, "projects": 10}, "team": "core"}));
    }

    #[test]
    fn created_user_has_the_given_fields_and_comes_first() {
        let mut store = Store::new().unwrap();
        let seeded = store.list_users(100, 0).len();
        let body = json!({"first_name": "Alan", "email_address": ["alan@example.com"], "public_metadata": {"a": 1}});
        let user = store.create_user(body.as_object().unwrap());
        assert_eq!(user["first_name"], "Alan");
        assert_eq!(user["email_addresses"][0]["email_address"], "alan@example.com");
        assert_eq!(user["primary_email_address_id"], user["email_addresses"][0]["id"]);
        assert_eq!(user["public_metadata"], json!({"a": 1}));
        let listed = store.list_users(100, 0);
        assert_eq!(listed.len(), seeded + 1);
        assert_eq!(listed[0]["id"], user["id"]);
        assert!(store.delete_user(user["id"].as_str().unwrap()));
        assert!(store.user(user["id"].as_str().unwrap()).is_none());
    }
}

//! Quickstart: the SDK's main job end to end.
//!
//! Creates a user, lists users, fetches the new one, updates its metadata,
//! obtains a session token for it and verifies that token (with
//! `verify_token`, and with `authenticate_request` as a web framework would),
//! then deletes the user again.
//!
//! Run it with `scripts/quickstart.sh`: without `CLERK_SECRET_KEY` it starts
//! the project's local mock of the Backend API and points `CLERK_API_URL` at
//! it; with `CLERK_SECRET_KEY` (a development instance's `sk_test_…`) it talks
//! to the real API. `authenticate_request` uses the instance's
//! `CLERK_PUBLISHABLE_KEY` when it is set (it is optional).

use std::time::{SystemTime, UNIX_EPOCH};

use clerk_backend::auth::{
    authenticate_request, verify_token, AuthenticateRequestOptions, RequestData, VerifyTokenOptions,
};
use clerk_backend::generated::requests::{
    CreateSessionRequest, CreateSessionTokenRequest, CreateUserRequest, DeleteUserRequest, GetUserListRequest,
    GetUserRequest, UpdateUserMetadataRequest,
};
use clerk_backend::{Client, SecretString};
use serde_json::json;

type BoxError = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // Reads CLERK_SECRET_KEY and CLERK_API_URL (default https://api.clerk.com; `/v1` is added).
    let client = Client::from_env()?;
    println!("Backend API: {}", client.server_url());

    // 1. Create a user. A unique address, so that reruns against a real instance do not collide.
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let user = client
        .users()
        .create(CreateUserRequest {
            email_address: vec![format!("quickstart+{stamp}@example.com")].into(),
            first_name: "Ada".to_owned().into(),
            last_name: "Lovelace".to_owned().into(),
            skip_password_requirement: true.into(),
            public_metadata: json!({"plan": "free"}).into(),
            ..Default::default()
        })
        .await?;
    println!("1. created user {} <{}>", user.id, primary_email(&user));

    // Whatever happens next, remove the user again.
    let outcome = walk_through(&client, &user.id).await;
    client.users().delete(DeleteUserRequest { user_id: user.id.clone() }).await?;
    println!("7. deleted user {}", user.id);
    outcome?;

    // Failures are one typed error: here the API's 404 for the deleted user.
    match client.users().get(GetUserRequest { user_id: user.id.clone() }).await {
        Err(e) if e.status() == Some(404) => {
            let clerk_code = e.api().and_then(|a| a.errors.first()).map_or("", |c| c.code.as_str());
            println!("8. fetching it again: HTTP 404 {clerk_code} (error kind `{}`)", e.code());
        }
        Err(e) => return Err(e.into()),
        Ok(_) => return Err("the deleted user can still be fetched".into()),
    }
    println!("quickstart finished");
    Ok(())
}

async fn walk_through(client: &Client, user_id: &str) -> Result<(), BoxError> {
    // 2. List users (one page; `client.pages("users.list", …)` walks them all).
    let users = client.users().list(GetUserListRequest { limit: Some(10), ..Default::default() }).await?;
    println!("2. listed {} users:", users.len());
    for u in &users {
        println!("     {} {}", u.id, primary_email(u));
    }

    // 3. Fetch the new user by id.
    let user = client.users().get(GetUserRequest { user_id: user_id.to_owned() }).await?;
    println!(
        "3. fetched {}: {} {}",
        user.id,
        user.first_name.as_deref().unwrap_or(""),
        user.last_name.as_deref().unwrap_or("")
    );

    // 4. Update its metadata (merged into what is there; `null` would remove a key).
    let user = client
        .users()
        .update_metadata(UpdateUserMetadataRequest {
            user_id: user_id.to_owned(),
            public_metadata: json!({"plan": "pro", "seats": 3}).into(),
            private_metadata: json!({"crm_id": "acct_4471"}).into(),
            ..Default::default()
        })
        .await?;
    println!("4. public_metadata is now {}", user.public_metadata);

    // 5. Get a session token for the user, as the user's browser would hold it.
    let session =
        client.sessions().create(CreateSessionRequest { user_id: user_id.to_owned(), ..Default::default() }).await?;
    let token = client
        .sessions()
        .create_token(CreateSessionTokenRequest { session_id: session.id.clone(), ..Default::default() })
        .await?
        .jwt
        .ok_or("the session token response had no `jwt`")?;
    println!("5. session {} issued a token ({} bytes)", session.id, token.len());

    // 6. Verify it: with the instance's JWKS, fetched through the secret key and cached.
    let secret_key = std::env::var("CLERK_SECRET_KEY").map(SecretString::from).ok();
    // The client's server URL ends in `/v1`; auth takes it as it is (the version segment is dropped).
    let api_url = client.server_url().to_owned();
    let options =
        VerifyTokenOptions { secret_key: secret_key.clone(), api_url: Some(api_url.clone()), ..Default::default() };
    let claims = verify_token(&token, &options).await?;
    if claims.subject() != Some(user_id) {
        return Err(format!("the token's subject {:?} is not {user_id}", claims.subject()).into());
    }
    println!("6. verify_token: valid, sub={} sid={}", user_id, claims.get_str("sid").unwrap_or("?"));
    // A token whose signature was tampered with is refused.
    let signature_start = token.rfind('.').map_or(0, |i| i + 1);
    let mut tampered = token.clone();
    let flipped = if tampered[signature_start..].starts_with('A') { "B" } else { "A" };
    tampered.replace_range(signature_start..signature_start + 1, flipped);
    match verify_token(&tampered, &options).await {
        Err(e) => println!("   a tampered token is refused: {e}"),
        Ok(_) => return Err("a tampered token was accepted".into()),
    }

    // …and as a request to your app carrying it, the way a web framework integration does.
    // The publishable key is optional (used when set, e.g. for the cookie path).
    let request = RequestData::new(
        "GET",
        "https://app.example.com/dashboard",
        vec![("authorization".to_owned(), format!("Bearer {token}"))],
    );
    let options = AuthenticateRequestOptions {
        secret_key,
        publishable_key: std::env::var("CLERK_PUBLISHABLE_KEY").ok(),
        api_url: Some(api_url),
        ..Default::default()
    };
    let state = authenticate_request(&request, &options).await?;
    let auth = state.to_auth().ok_or("a signed-in request state has an auth object")?;
    println!("   authenticate_request: {:?}, user_id={}", state.status, auth.user_id.as_deref().unwrap_or("?"));
    if auth.user_id.as_deref() != Some(user_id) {
        return Err("authenticate_request did not sign the user in".into());
    }
    Ok(())
}

fn primary_email(user: &clerk_backend::generated::models::User) -> &str {
    let primary = user.primary_email_address_id.as_deref();
    user.email_addresses.iter().find(|e| e.id.as_deref() == primary).map_or("no email", |e| e.email_address.as_str())
}

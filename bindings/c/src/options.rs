//! Client and call options: the boundary layer's parsers, with the C
//! binding's own names and user agent.

use clerk_backend::{CallOptions, ClientOptions, OptionNames};
use serde_json::Value;

use crate::panic::Outcome;

pub(crate) fn client_options(v: &Value) -> Outcome<ClientOptions> {
    let mut options = ClientOptions::from_json(v)?;
    options.option_names = OptionNames::C;
    options.user_agent_suffix.get_or_insert_with(|| "c".to_owned());
    Ok(options)
}

pub(crate) fn call_options(v: &Value) -> Outcome<CallOptions> {
    Ok(CallOptions::from_json(v)?)
}

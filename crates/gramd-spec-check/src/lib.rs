//! Test support: checks Bot API JSON emitted by gramd against the machine-readable Bot API
//! spec (`spec/botapi/api.json`, Bot API 10.1, scraped from core.telegram.org by
//! PaulSonOfLars/telegram-bot-api-spec).
//!
//! The check is strict. An object must have every required field, may have no field the
//! spec does not list (unless allowed with [`Spec::allow_extra_field`]), may not contain
//! `null`, and every value must match one of the field's type strings:
//! - `Integer` is a JSON integer that fits in `i64` (never a float such as `1.0`);
//! - `Float` is any number; `Boolean`, `String` and `Array of X` are what they say;
//! - a type name is checked recursively; `InputFile` never matches (it is an upload).
//!
//! Rules stated only in prose are extracted from the descriptions where the wording is
//! reliable (see [`Spec::documented_rules`] for the full list):
//! - string constants and enumerations: `always "creator"`, `must be default`,
//!   `can be either "private", "group", "supergroup" or "channel"`, `Currently, can be
//!   "mention" (...), ...`, `one of "a", "b"`;
//! - integers: `Always 0.` (InaccessibleMessage.date), `always a positive number`
//!   (Message.date), `at most 52 significant bits` (ids and file sizes), `Unix time`
//!   (must be seconds, not milliseconds);
//! - field groups: `At most one of the optional fields can be present` (Update) and
//!   `Exactly one of the fields ... must be used` (InlineKeyboardButton, CallbackQuery, ...);
//! - `Optional. For "text_link" only` (MessageEntity extras need the matching `type`) and
//!   `Returned only in getMe.` (those User fields only on getMe's result, or on a User
//!   checked directly with [`Spec::check_type`]);
//! - methods whose Boolean result is documented as `True` must return `true`.
//!
//! Abstract types (ChatMember, MessageOrigin, ReactionType, ...) select their variant by the
//! field that is a documented constant in every variant (`status`, `type`, `source`);
//! MaybeInaccessibleMessage selects InaccessibleMessage when `date` is 0 (its documented
//! constant) and Message otherwise. Where a constant is shared by several variants, or no
//! discriminator exists, the value must match exactly one of the candidates.
//!
//! ```
//! use gramd_spec_check::Spec;
//! let spec = Spec::shared();
//! let body = serde_json::json!({"ok": true, "result": {"id": 1, "is_bot": true, "first_name": "B"}});
//! spec.check_response("getMe", &body).unwrap();
//! let bad = serde_json::json!({"id": 1, "first_name": "B"});
//! let err = spec.check_type("User", &bad).unwrap_err();
//! assert_eq!(err[0].path, "is_bot");
//! ```

mod check;
mod envelope;
mod extract;
mod model;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde_json::Value;

use crate::check::Checker;
use crate::model::{Cardinality, Discriminator, Model, TypeExpr};

/// The text of the embedded `api.json`.
pub const API_JSON: &str = include_str!("../../../spec/botapi/api.json");

/// Fields that Bot API versions after 10.1 added and that gramd sends because current
/// libraries refuse objects without them: (type, field, type string, required, version).
/// Each one is checked like a field of `api.json`, with its documented type.
pub const LATER_FIELDS: &[(&str, &str, &str, bool, &str)] = &[
    // aiogram 3.31 and frankenstein 0.52 fail to parse an administrator without it.
    (
        "ChatAdministratorRights",
        "can_send_welcome_messages",
        "Boolean",
        true,
        "Bot API 10.3",
    ),
    (
        "ChatMemberAdministrator",
        "can_send_welcome_messages",
        "Boolean",
        true,
        "Bot API 10.3",
    ),
];

/// One way in which a JSON value breaks the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where: `result.chat.type`, `result[0].message.entities[1].length`; empty at the root.
    pub path: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "<root>"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// All violations found by one check. Derefs to a slice; `Display` and `Debug` print one
/// violation per line, so `.unwrap()` on a failed check shows all of them.
#[derive(Clone, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The violations reported exactly at `path`.
    pub fn at(&self, path: &str) -> Vec<&Violation> {
        self.0.iter().filter(|v| v.path == path).collect()
    }

    /// The violations as a vector.
    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }
}

impl Deref for Violations {
    type Target = [Violation];
    fn deref(&self) -> &[Violation] {
        &self.0
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Bot API spec violation(s):", self.0.len())?;
        for v in &self.0 {
            write!(f, "\n  - {v}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Violations {}

/// The Bot API spec, ready to check values.
#[derive(Debug, Clone)]
pub struct Spec {
    model: Model,
    /// (type, field) pairs accepted although the spec does not list them.
    extra_fields: HashSet<(String, String)>,
    /// Extra accepted values of enumerated String fields, by (type, field).
    extra_values: HashMap<(String, String), Vec<String>>,
}

impl Spec {
    /// Parses the embedded `api.json`. This takes a few milliseconds; keep the result, or
    /// use [`Spec::shared`].
    pub fn load() -> Spec {
        let mut model = Model::parse(API_JSON);
        for &(type_name, field, type_str, required, _) in LATER_FIELDS {
            model.add_field(type_name, field, type_str, required);
        }
        Spec {
            model,
            extra_fields: HashSet::new(),
            extra_values: HashMap::new(),
        }
    }

    /// A process-wide spec without allow-list entries, parsed on first use. Clone it to
    /// add entries.
    pub fn shared() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(Spec::load)
    }

    /// The spec version, `"Bot API 10.1"`.
    pub fn version(&self) -> &str {
        &self.model.version
    }

    /// Allows the field `field` on objects of type `type_name` although the spec does not
    /// list it. Every entry should be justified where it is added.
    pub fn allow_extra_field(&mut self, type_name: &str, field: &str) -> &mut Spec {
        self.extra_fields
            .insert((type_name.to_owned(), field.to_owned()));
        self
    }

    /// Accepts `value` for the enumerated String field `type_name.field` in addition to
    /// the values extracted from its description.
    pub fn allow_value(&mut self, type_name: &str, field: &str, value: &str) -> &mut Spec {
        self.extra_values
            .entry((type_name.to_owned(), field.to_owned()))
            .or_default()
            .push(value.to_owned());
        self
    }

    fn run(&self, f: impl FnOnce(&mut Checker<'_>)) -> Result<(), Violations> {
        let mut checker = Checker {
            spec: self,
            out: Vec::new(),
            get_me_root: None,
        };
        f(&mut checker);
        if checker.out.is_empty() {
            Ok(())
        } else {
            Err(Violations(checker.out))
        }
    }

    /// Checks `value` against a type string: a type name (`"Message"`, `"ChatMember"`),
    /// a primitive (`"Integer"`) or an array (`"Array of Update"`). Paths start at the
    /// value itself (`chat.type`).
    pub fn check_type(&self, type_str: &str, value: &Value) -> Result<(), Violations> {
        let expr = TypeExpr::parse(type_str);
        self.run(|c| {
            c.get_me_root = Some(String::new());
            if let Some(name) = expr.named().filter(|n| !self.type_exists(n)) {
                c.push("", format!("the spec has no type {name}"));
                return;
            }
            c.check_expr(&expr, value, "");
        })
    }

    /// Checks one `Update` object (as in getUpdates or a webhook body).
    pub fn check_update(&self, value: &Value) -> Result<(), Violations> {
        self.check_type("Update", value)
    }

    /// Checks the `result` value of `method` (case-insensitive) against the method's
    /// documented return types. Paths start with `result`.
    pub fn check_method_result(&self, method: &str, result: &Value) -> Result<(), Violations> {
        self.run(|c| c.check_result(method, result, "result"))
    }

    /// Checks a whole response body of `method`: `{"ok":true,"result":…}` with an optional
    /// `description`, or `{"ok":false,"error_code":…,"description":…}` with optional
    /// `parameters` (ResponseParameters), and nothing else.
    pub fn check_response(&self, method: &str, body: &Value) -> Result<(), Violations> {
        self.run(|c| c.check_envelope(method, body))
    }

    /// Panics with every violation and the value when `value` is not a valid `type_str`.
    #[track_caller]
    pub fn assert_type(&self, type_str: &str, value: &Value) {
        if let Err(e) = self.check_type(type_str, value) {
            panic!("{type_str} breaks the spec: {e}\nvalue: {value:#}");
        }
    }

    /// Panics with every violation and the body when `body` is not a valid response of
    /// `method`.
    #[track_caller]
    pub fn assert_response(&self, method: &str, body: &Value) {
        if let Err(e) = self.check_response(method, body) {
            panic!("{method} response breaks the spec: {e}\nbody: {body:#}");
        }
    }

    /// Whether the spec has this method (case-insensitive).
    pub fn method_exists(&self, method: &str) -> bool {
        self.model
            .methods
            .contains_key(&method.to_ascii_lowercase())
    }

    /// The documented spelling of a method name: `"sendmessage"` → `"sendMessage"`.
    pub fn method_name(&self, method: &str) -> Option<&str> {
        let m = self.model.methods.get(&method.to_ascii_lowercase())?;
        Some(&m.name)
    }

    /// The parameter names of a method, in spec order.
    pub fn method_param_names(&self, method: &str) -> Option<Vec<&str>> {
        let m = self.model.methods.get(&method.to_ascii_lowercase())?;
        Some(m.params.iter().map(|p| p.name.as_str()).collect())
    }

    /// The required parameter names of a method, in spec order.
    pub fn method_required_params(&self, method: &str) -> Option<Vec<&str>> {
        let m = self.model.methods.get(&method.to_ascii_lowercase())?;
        Some(
            m.params
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.as_str())
                .collect(),
        )
    }

    /// The documented return type strings of a method (`["Message", "Boolean"]`).
    pub fn method_returns(&self, method: &str) -> Option<Vec<String>> {
        let m = self.model.methods.get(&method.to_ascii_lowercase())?;
        Some(m.returns.iter().map(ToString::to_string).collect())
    }

    /// All method names, sorted.
    pub fn method_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .model
            .methods
            .values()
            .map(|m| m.name.as_str())
            .collect();
        names.sort_unstable();
        names
    }

    /// Whether the spec has this type (case-sensitive).
    pub fn type_exists(&self, name: &str) -> bool {
        self.model.types.contains_key(name)
    }

    /// The field names of a type, in spec order (empty for abstract types).
    pub fn type_field_names(&self, name: &str) -> Option<Vec<&str>> {
        let t = self.model.types.get(name)?;
        Some(t.fields.iter().map(|f| f.name.as_str()).collect())
    }

    /// The values extracted from the description of the String field `type_name.field`
    /// (one value for a constant), without allow-list additions.
    pub fn allowed_values(&self, type_name: &str, field: &str) -> Option<Vec<&str>> {
        let f = self.model.types.get(type_name)?.field(field)?;
        f.constraints.iter().find_map(|c| match c {
            model::Constraint::OneOf(v) => Some(v.iter().map(String::as_str).collect()),
            _ => None,
        })
    }

    /// Every rule extracted from the descriptions, one human-readable line each, sorted:
    /// field constraints (`field Chat.type: one of [...]`), union discriminators
    /// (`union ChatMember by status: ...`), field groups (`group Update: at most one of
    /// ...`) and `True`-only methods (`method setWebhook: Boolean result must be true`).
    pub fn documented_rules(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for t in self.model.types.values() {
            for f in &t.fields {
                for c in &f.constraints {
                    lines.push(format!("field {}.{}: {c}", t.name, f.name));
                }
            }
            for r in &t.rules {
                let kind = match r.kind {
                    Cardinality::AtMostOne => "at most one",
                    Cardinality::ExactlyOne => "exactly one",
                };
                lines.push(format!("group {}: {kind} of {:?}", t.name, r.fields));
            }
            if t.is_abstract() {
                lines.push(match &t.discriminator {
                    Some(Discriminator::Str { field, variants }) => {
                        let map: Vec<String> =
                            variants.iter().map(|(v, n)| format!("{v:?}→{n}")).collect();
                        format!("union {} by {field}: {}", t.name, map.join(", "))
                    }
                    Some(Discriminator::IntConst {
                        field,
                        value,
                        variant,
                    }) => format!(
                        "union {} by {field}: {value}→{variant}, otherwise another variant",
                        t.name
                    ),
                    None => format!("union {}: exactly one variant must match", t.name),
                });
            }
        }
        for m in self.model.methods.values().filter(|m| m.true_only) {
            lines.push(format!("method {}: Boolean result must be true", m.name));
        }
        lines.sort();
        lines
    }
}

//! Method results and the `{"ok":…}` response envelope.

use serde_json::Value;

use crate::check::{Checker, kind};

impl Checker<'_> {
    /// Checks the result of `method` at `path`.
    pub(crate) fn check_result(&mut self, method: &str, result: &Value, path: &str) {
        let spec = self.spec;
        let Some(m) = spec.model.methods.get(&method.to_ascii_lowercase()) else {
            self.push("", format!("the spec has no method {method}"));
            return;
        };
        let before = self.out.len();
        self.get_me_root = (m.name == "getMe").then(|| path.to_owned());
        self.check_any(&m.returns, result, path);
        if self.out.len() == before && m.true_only && result == &Value::Bool(false) {
            self.push(
                path,
                format!("{} documents True as its Boolean result, got false", m.name),
            );
        }
    }

    /// Checks a whole response body.
    pub(crate) fn check_envelope(&mut self, method: &str, body: &Value) {
        let Value::Object(obj) = body else {
            self.push(
                "",
                format!("expected a response object, got {}", kind(body)),
            );
            return;
        };
        let success = match obj.get("ok") {
            Some(Value::Bool(b)) => *b,
            None => {
                self.push("ok", "missing required field of a response");
                obj.contains_key("result")
            }
            Some(other) => {
                self.push("ok", format!("expected Boolean, got {}", kind(other)));
                obj.contains_key("result")
            }
        };
        let allowed: &[&str] = if success {
            &["ok", "result", "description"]
        } else {
            &["ok", "error_code", "description", "parameters"]
        };
        let shape = if success { "a successful" } else { "an error" };
        for key in obj.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.push(key, format!("unknown field of {shape} response"));
        }
        let description = obj.get("description");
        if success {
            match obj.get("result") {
                Some(result) => self.check_result(method, result, "result"),
                None => self.push(
                    "result",
                    format!("missing required field of {shape} response"),
                ),
            }
            if let Some(d) = description.filter(|d| !d.is_string()) {
                self.push("description", format!("expected String, got {}", kind(d)));
            }
            return;
        }
        match obj.get("error_code") {
            None => self.push(
                "error_code",
                format!("missing required field of {shape} response"),
            ),
            Some(Value::Number(n)) if n.as_i64().is_some_and(|c| (400..600).contains(&c)) => {}
            Some(Value::Number(n)) if n.is_i64() => {
                self.push(
                    "error_code",
                    format!("{n} is not an HTTP error status (400..=599)"),
                );
            }
            Some(other) => {
                self.push(
                    "error_code",
                    format!("expected Integer, got {}", kind(other)),
                );
            }
        }
        match description {
            None => self.push(
                "description",
                format!("missing required field of {shape} response"),
            ),
            Some(Value::String(_)) => {}
            Some(other) => {
                self.push(
                    "description",
                    format!("expected String, got {}", kind(other)),
                );
            }
        }
        if let Some(p) = obj.get("parameters") {
            self.check_named("ResponseParameters", p, "parameters");
        }
    }
}

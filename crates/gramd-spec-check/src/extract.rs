//! Rules that the spec states only in prose, pulled out of the description texts.
//!
//! Only patterns that are reliable in the Bot API 10.1 texts are recognised; everything
//! else is left unchecked rather than guessed. Quotes may be ASCII `"` (as in `api.json`)
//! or typographic `“ ”` (as on core.telegram.org).

use crate::model::{Cardinality, Constraint, Field, GroupRule, TypeExpr};

const OPEN: [char; 2] = ['"', '“'];
const CLOSE: [char; 2] = ['"', '”'];

/// The value rules of one field, from its types and description.
pub(crate) fn field_constraints(types: &[TypeExpr], desc: &str) -> Vec<Constraint> {
    let mut out = Vec::new();
    if let Some(value) = only_for(desc) {
        out.push(Constraint::OnlyFor(value));
    }
    if desc.contains("Returned only in getMe.") {
        out.push(Constraint::GetMeOnly);
    }
    match types {
        [TypeExpr::String] => {
            if let Some(values) = string_values(desc) {
                out.push(Constraint::OneOf(values));
            }
        }
        [TypeExpr::Integer] => {
            if let Some(n) = always_integer(desc) {
                out.push(Constraint::IntEquals(n));
            }
            if desc.contains("always a positive number") {
                out.push(Constraint::Positive);
            }
            if desc.contains("at most 52 significant bits") {
                out.push(Constraint::Bits52);
            }
            if desc.contains("Unix time") {
                out.push(Constraint::UnixSeconds);
            }
        }
        _ => {}
    }
    out
}

/// `Optional. For "text_link" only, ...`.
fn only_for(desc: &str) -> Option<String> {
    let rest = desc.strip_prefix("Optional. For ")?;
    let (value, after) = read_quoted(rest)?;
    after.starts_with(" only").then(|| value.to_owned())
}

/// Reads a quoted string at the start of `s`: `("value", rest after the closing quote)`.
fn read_quoted(s: &str) -> Option<(&str, &str)> {
    let mut chars = s.char_indices();
    let (_, open) = chars.next()?;
    if !OPEN.contains(&open) {
        return None;
    }
    let start = open.len_utf8();
    chars
        .find(|(_, c)| CLOSE.contains(c))
        .map(|(i, c)| (&s[start..i], &s[i + c.len_utf8()..]))
}

/// The allowed values of a String field, if the description documents them.
pub(crate) fn string_values(desc: &str) -> Option<Vec<String>> {
    always_string(desc)
        .or_else(|| must_be_bare(desc))
        .map(|v| vec![v])
        .or_else(|| enumeration(desc))
}

/// `..., always "creator"` / `Currently, always "XTR".` at the end of the description.
fn always_string(desc: &str) -> Option<String> {
    let lower = desc.to_ascii_lowercase();
    lower.match_indices("always ").find_map(|(i, pat)| {
        let (value, after) = read_quoted(&desc[i + pat.len()..])?;
        matches!(after.trim(), "" | ".").then(|| value.to_owned())
    })
}

/// `Scope type, must be default`: a bare identifier closing the description.
fn must_be_bare(desc: &str) -> Option<String> {
    let d = desc.trim().trim_end_matches('.');
    let idx = d.rfind("must be ")?;
    let word = &d[idx + "must be ".len()..];
    let ident = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    ident.then(|| word.to_owned())
}

/// `can be either "a", "b" or "c"`, `Currently, can be "a" (...), ... or "z" (...)`,
/// `one of "a", "b"`, `Currently, either "a" for ..., or "b" for ...`: the quoted values of
/// the sentence that starts with such a phrase directly followed by a quote.
fn enumeration(desc: &str) -> Option<Vec<String>> {
    let lower = desc.to_ascii_lowercase();
    let start = ["one of", "either", "can be"]
        .iter()
        .flat_map(|trigger| lower.match_indices(trigger))
        .filter_map(|(i, pat)| {
            let rest = &desc[i + pat.len()..];
            let trimmed = rest.trim_start();
            trimmed
                .starts_with(OPEN)
                .then(|| desc.len() - trimmed.len())
        })
        .min()?;
    let values = quoted_in_sentence(&desc[start..]);
    (!values.is_empty()).then_some(values)
}

/// Every quoted string up to the end of the sentence (a `.` followed by a space or the end,
/// outside quotes).
fn quoted_in_sentence(mut s: &str) -> Vec<String> {
    let mut values = Vec::new();
    while let Some(c) = s.chars().next() {
        if OPEN.contains(&c) {
            let Some((value, rest)) = read_quoted(s) else {
                break;
            };
            values.push(value.to_owned());
            s = rest;
            continue;
        }
        let rest = &s[c.len_utf8()..];
        if c == '.' && rest.chars().next().is_none_or(char::is_whitespace) {
            break;
        }
        s = rest;
    }
    values
}

/// `Always 0. The field can be used to differentiate ...`: an Integer constant.
fn always_integer(desc: &str) -> Option<i64> {
    let rest = desc.strip_prefix("Always ")?;
    let (number, _) = rest.split_once('.')?;
    number.parse().ok()
}

/// Whether a method description says that `True` is what a Boolean result is.
pub(crate) fn returns_true(desc: &str) -> bool {
    ["Returns True", "returns True", "True is returned"]
        .iter()
        .any(|p| desc.contains(p))
}

/// "At most one of the optional fields ...", "Exactly one of the fields other than text, ...
/// must be used ...", "Exactly one of the fields data or game_short_name will be present".
pub(crate) fn group_rules(desc: &str, fields: &[Field]) -> Vec<GroupRule> {
    let mut rules = Vec::new();
    for sentence in desc.split(". ") {
        let lower = sentence.to_ascii_lowercase();
        for (kind, pat) in [
            (Cardinality::AtMostOne, "at most one of the "),
            (Cardinality::ExactlyOne, "exactly one of the "),
        ] {
            let Some(i) = lower.find(pat) else {
                continue;
            };
            if let Some(names) = group_fields(&sentence[i + pat.len()..], fields) {
                rules.push(GroupRule {
                    kind,
                    fields: names,
                    text: sentence.trim().trim_end_matches('.').to_owned(),
                });
            }
        }
    }
    rules
}

/// The fields a group rule is about; `None` when the wording is not understood or names
/// something that is not a field.
fn group_fields(rest: &str, fields: &[Field]) -> Option<Vec<String>> {
    if rest.starts_with("optional fields") {
        let names: Vec<String> = fields
            .iter()
            .filter(|f| !f.required)
            .map(|f| f.name.clone())
            .collect();
        return (!names.is_empty()).then_some(names);
    }
    let (list, other_than) = if let Some(list) = rest.strip_prefix("fields other than ") {
        (list, true)
    } else {
        (rest.strip_prefix("fields ")?, false)
    };
    let end = [" must", " can", " will", " are ", " is "]
        .iter()
        .filter_map(|p| list.find(p))
        .min()
        .unwrap_or(list.len());
    let named: Vec<&str> = list[..end]
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty() && *w != "and" && *w != "or")
        .collect();
    let known = |n: &str| fields.iter().any(|f| f.name == n);
    if named.is_empty() || !named.iter().all(|n| known(n)) {
        return None;
    }
    let names: Vec<String> = if other_than {
        fields
            .iter()
            .filter(|f| !named.contains(&f.name.as_str()))
            .map(|f| f.name.clone())
            .collect()
    } else {
        named.iter().map(|n| (*n).to_owned()).collect()
    };
    (!names.is_empty()).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(
            string_values("The member's status in the chat, always \"creator\""),
            Some(vec!["creator".to_owned()])
        );
        assert_eq!(
            string_values("Type of the origin, always “user”"),
            Some(vec!["user".to_owned()])
        );
        assert_eq!(
            string_values("Scope type, must be all_private_chats"),
            Some(vec!["all_private_chats".to_owned()])
        );
        assert_eq!(
            string_values("Type, can be either “a”, “b” or “c”. Then \"d\"."),
            Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
        );
        assert_eq!(
            string_values("Optional. For \"pre\" only, the language"),
            None
        );
        assert_eq!(string_values("Can be available only for \"x\" ones."), None);
        assert_eq!(string_values("The chat type should be always known"), None);
        assert_eq!(always_integer("Always 0. The field can be used"), Some(0));
        assert_eq!(
            only_for("Optional. For \"pre\" only, the language"),
            Some("pre".to_owned())
        );
        assert_eq!(only_for("Optional. For \"mask\" stickers only."), None);
        assert_eq!(always_integer("Always 0 for crafted gifts."), None);
    }
}

//! The method table against the spec and the README, name lookup, and what each row says.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;

/// The method names of the Bot API spec, `spec/botapi/api.json` in the repository.
fn spec_method_names() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/botapi/api.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let spec: serde_json::Value = serde_json::from_str(&text).unwrap();
    let methods = spec["methods"].as_object().expect("a methods object");
    let names: BTreeSet<String> = methods
        .values()
        .map(|method| method["name"].as_str().expect("a method name").to_owned())
        .collect();
    assert!(
        names.len() >= 180,
        "only {} methods in the spec",
        names.len()
    );
    names
}

#[test]
fn every_spec_method_has_a_row_and_every_row_is_a_spec_method() {
    let spec = spec_method_names();
    let table: BTreeSet<String> = Method::ALL.iter().map(|m| m.name().to_owned()).collect();
    let missing: Vec<&String> = spec.difference(&table).collect();
    let not_in_spec: Vec<&String> = table.difference(&spec).collect();
    let aliases_in_spec: Vec<&str> = Method::ALL
        .iter()
        .flat_map(|m| m.aliases())
        .filter(|alias| spec.contains(**alias))
        .copied()
        .collect();
    assert!(
        missing.is_empty() && not_in_spec.is_empty() && aliases_in_spec.is_empty(),
        "the method table (methods/registry.rs) and spec/botapi/api.json disagree:\n\
         spec methods without a row (add one, implemented or unsupported): {missing:?}\n\
         rows that are no spec method (a legacy name is an alias of its row): \
         {not_in_spec:?}\n\
         aliases that are spec methods (give them their own row): {aliases_in_spec:?}"
    );
}

/// The README's generated block on Bot API coverage, as the method table makes it.
fn coverage_block() -> String {
    let implemented = Method::ALL.iter().filter(|m| m.is_implemented()).count();
    let out_of_scope: Vec<Method> = Method::ALL
        .iter()
        .copied()
        .filter(|m| m.out_of_scope().is_some())
        .collect();
    let on_the_way: Vec<&str> = Method::ALL
        .iter()
        .filter(|m| !m.is_implemented() && m.out_of_scope().is_none())
        .map(|m| m.name())
        .collect();
    let mut block = format!(
        "gramd implements **{implemented} of the {total} methods** of Bot API 10.1. \
         {scope} cannot apply to a self-hosted server and answer `501 Not Implemented: \
         <method> is not available on gramd: <reason>` for good; that leaves {goal} to \
         implement, {left} of them still on the way.\n\n\
         | Methods that cannot apply | Why |\n|---|---|\n",
        total = Method::ALL.len(),
        scope = out_of_scope.len(),
        goal = Method::ALL.len() - out_of_scope.len(),
        left = on_the_way.len(),
    );
    for reason in OutOfScope::ALL {
        let names: Vec<String> = out_of_scope
            .iter()
            .filter(|m| m.out_of_scope() == Some(reason))
            .map(|m| format!("`{}`", m.name()))
            .collect();
        block.push_str(&format!("| {} | {} |\n", names.join(", "), reason.reason()));
    }
    block.push_str(&format!(
        "\nOn the way (they answer `501 Not Implemented: <method> is not supported by gramd \
         yet`): {}.\n",
        on_the_way.join(", ")
    ));
    block
}

/// The README says what the method table says. `GRAMD_BLESS=1 cargo test -p
/// gramd-botapi readme` rewrites the README's block from the table.
#[test]
fn the_readme_coverage_block_matches_the_method_table() {
    const BEGIN: &str = "<!-- bot-api-coverage: generated from methods/registry.rs -->\n";
    const END: &str = "<!-- bot-api-coverage end -->";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("the README has the coverage block")
        + BEGIN.len();
    let end = readme[start..].find(END).expect("the block ends") + start;
    let expected = coverage_block();
    if readme[start..end] != expected {
        if std::env::var_os("GRAMD_BLESS").is_some() {
            let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "README.md's Bot API coverage block is not what the method table says; \
                 rerun with GRAMD_BLESS=1 to rewrite it. Expected:\n{expected}"
            );
        }
    }
}

#[test]
fn out_of_scope_methods_are_not_implemented_and_every_reason_is_used() {
    for &method in Method::ALL {
        if method.out_of_scope().is_some() {
            assert!(!method.is_implemented(), "{}", method.name());
        }
    }
    for reason in OutOfScope::ALL {
        assert!(
            Method::ALL.iter().any(|m| m.out_of_scope() == Some(reason)),
            "{reason:?}"
        );
    }
    assert_eq!(Method::sendGift.out_of_scope(), Some(OutOfScope::Gifts));
    assert_eq!(Method::sendMessage.out_of_scope(), None);
    assert_eq!(Method::sendChecklist.out_of_scope(), None);
}

#[test]
fn names_resolve_in_any_case_and_aliases_resolve_to_their_method() {
    for &method in Method::ALL {
        let name = method.name();
        assert_eq!(Method::from_name(name), Some(method), "{name}");
        assert_eq!(
            Method::from_name(&name.to_ascii_lowercase()),
            Some(method),
            "{name}"
        );
        assert_eq!(
            Method::from_name(&name.to_ascii_uppercase()),
            Some(method),
            "{name}"
        );
    }
    assert_eq!(
        Method::from_name("kickchatmember"),
        Some(Method::banChatMember)
    );
    assert_eq!(
        Method::from_name("getChatMembersCount"),
        Some(Method::getChatMemberCount)
    );
    assert_eq!(
        Method::from_name("SETSTICKERSETTHUMB"),
        Some(Method::setStickerSetThumbnail)
    );
    for unknown in [
        "",
        "frobnicate",
        "sendMessag",
        "sendMessages",
        "getme ",
        "a",
        "zzz",
    ] {
        assert_eq!(Method::from_name(unknown), None, "{unknown:?}");
    }
}

#[test]
fn long_polls_and_recovery_methods_are_not_limited() {
    for method in [
        "getupdates",
        "getme",
        "setwebhook",
        "deletewebhook",
        "getwebhookinfo",
        "logout",
        "close",
    ] {
        assert!(
            Method::from_name(method).unwrap().is_unlimited(),
            "{method}"
        );
    }
    for method in ["sendmessage", "editmessagetext", "answercallbackquery"] {
        assert!(
            !Method::from_name(method).unwrap().is_unlimited(),
            "{method}"
        );
    }
    let unlimited = Method::ALL.iter().filter(|m| m.is_unlimited()).count();
    assert_eq!(unlimited, 7, "only those seven are unlimited");
}

#[test]
fn the_public_view_names_the_spec_method_and_whether_it_is_implemented() {
    assert!(!Method::sendChecklist.is_implemented());
    assert!(Method::sendMessage.is_implemented());
    let info = method_info("KICKCHATMEMBER").unwrap();
    assert_eq!((info.name, info.implemented), ("banChatMember", true));
    assert_eq!(info.aliases, ["kickChatMember"]);
    let info = method_info("setStickerSetThumb").unwrap();
    assert_eq!(
        (info.name, info.implemented),
        ("setStickerSetThumbnail", true)
    );
}

//! Mini-app records: settings, menu buttons, CloudStorage and attachment-menu installs.

use std::sync::Arc;

use crate::ids::UserId;
use crate::store::{Store, Write};
use crate::web_apps::{AttachMenu, AttachPeerType, MenuButton, MiniApp, WebAppSettings};

use super::commit;

/// Mini-app settings and menu buttons read back as written; a user's menu button is
/// separate from the default.
pub async fn web_app_records_round_trip(store: Arc<dyn Store>) {
    let (bot, user, other) = (UserId(900), UserId(1), UserId(2));
    assert_eq!(store.web_app_settings(bot).await.unwrap(), None);
    let settings = WebAppSettings {
        url: Some("https://app.example".into()),
        main_app_url: Some("https://app.example/main".into()),
        attach_menu: Some(AttachMenu {
            short_name: "Shop".into(),
            show_in_attach_menu: true,
            show_in_side_menu: true,
            peer_types: vec![AttachPeerType::Pm, AttachPeerType::Chat],
            request_write_access: true,
            side_menu_disclaimer_needed: false,
            icons: Vec::new(),
        }),
        apps: vec![MiniApp {
            short_name: "game".into(),
            title: "Game".into(),
            description: "A game".into(),
            url: "https://app.example/game".into(),
            request_write_access: false,
        }],
        version: 3,
    };
    commit(
        &store,
        vec![Write::SetWebAppSettings {
            bot,
            settings: Box::new(settings.clone()),
        }],
    )
    .await;
    assert_eq!(store.web_app_settings(bot).await.unwrap(), Some(settings));

    let button = MenuButton::WebApp {
        text: "Open".into(),
        url: "https://app.example".into(),
    };
    let set = |user, button| Write::SetMenuButton { bot, user, button };
    commit(&store, vec![set(None, Some(MenuButton::Commands))]).await;
    commit(&store, vec![set(Some(user), Some(button.clone()))]).await;
    assert_eq!(
        store.menu_button(bot, None).await.unwrap(),
        Some(MenuButton::Commands)
    );
    assert_eq!(
        store.menu_button(bot, Some(user)).await.unwrap(),
        Some(button)
    );
    assert_eq!(store.menu_button(bot, Some(other)).await.unwrap(), None);
    commit(&store, vec![set(Some(user), None)]).await;
    assert_eq!(store.menu_button(bot, Some(user)).await.unwrap(), None);
    assert_eq!(
        store.menu_button(bot, None).await.unwrap(),
        Some(MenuButton::Commands)
    );
}

/// CloudStorage is per bot and user: values replace, keys list sorted, deletes ignore
/// missing keys; attachment-menu installs are per user.
pub async fn cloud_storage_and_installs(store: Arc<dyn Store>) {
    let (bot, other_bot, user, other) = (UserId(900), UserId(901), UserId(1), UserId(2));
    let put = |bot, user, key: &str, value: &str| Write::PutStorageValue {
        bot,
        user,
        key: key.into(),
        value: value.into(),
    };
    commit(
        &store,
        vec![
            put(bot, user, "b", "1"),
            put(bot, user, "a", "2"),
            put(bot, user, "b", "3"),
            put(bot, other, "a", "other user"),
            put(other_bot, user, "c", "other bot"),
        ],
    )
    .await;
    let keys = |k: &[&str]| k.iter().map(|k| (*k).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        store.storage_keys(bot, user).await.unwrap(),
        keys(&["a", "b"])
    );
    assert_eq!(
        store
            .storage_values(bot, user, &keys(&["b", "missing", "a"]))
            .await
            .unwrap(),
        vec![("b".into(), "3".into()), ("a".into(), "2".into())]
    );
    assert_eq!(
        store
            .storage_values(bot, other, &keys(&["a"]))
            .await
            .unwrap(),
        vec![("a".into(), "other user".into())]
    );
    commit(
        &store,
        vec![Write::DeleteStorageValues {
            bot,
            user,
            keys: keys(&["a", "missing"]),
        }],
    )
    .await;
    assert_eq!(store.storage_keys(bot, user).await.unwrap(), keys(&["b"]));
    assert_eq!(
        store.storage_keys(other_bot, user).await.unwrap(),
        keys(&["c"])
    );
    assert_eq!(store.storage_keys(bot, other).await.unwrap(), keys(&["a"]));

    assert!(store.attach_menu_bots(user).await.unwrap().is_empty());
    let install = |bot, installed| Write::SetAttachMenuInstalled {
        user,
        bot,
        installed,
    };
    commit(
        &store,
        vec![
            install(other_bot, true),
            install(bot, true),
            install(bot, true),
        ],
    )
    .await;
    assert_eq!(
        store.attach_menu_bots(user).await.unwrap(),
        vec![bot, other_bot]
    );
    assert!(store.attach_menu_bots(other).await.unwrap().is_empty());
    commit(&store, vec![install(other_bot, false)]).await;
    assert_eq!(store.attach_menu_bots(user).await.unwrap(), vec![bot]);
}

"""The examples the suite runs and, for each, the user's steps and what the example's
source says it answers (quoted texts are the example's own strings).

Each scenario is a function of the run returning its steps, (name, action) in order; the
actions share state through the closure."""
from __future__ import annotations

import base64
import json
import time

from .examples import (
    FIXTURES,
    WAIT,
    Example,
    ExampleRun,
    ScenarioFailure,
    Step,
    entity_types,
    hides_keyboard,
    inline_keyboard,
    poll_answers,
    poll_of,
    reply_keyboard,
    text_of,
)
from .scenarios import sha256
from .user import input_channel, input_user, random_id, sent_message_id

# ---------------------------------------------------------------------------- python-telegram-bot


def ptb_pollbot(x: ExampleRun) -> list[Step]:
    s = {}

    def start():
        x.say("/start", "Please select /poll to get a Poll, /quiz to get a Quiz or /preview"
                        " to generate a preview for your poll")

    def poll():
        msg = x.reply(x.send("/poll"), "")
        p, _ = poll_of(msg)
        x.expect("the poll's question", text_of(p.get("question")), "How are you?")
        x.expect("its answers", poll_answers(p), ["Good", "Really good", "Fantastic", "Great"])
        x.expect("(public voters, multiple choice, quiz)",
                 (p.get("public_voters"), p.get("multiple_choice"), p.get("quiz")), (True, True, None))
        s["poll"] = msg

    def vote():
        x.vote(s["poll"], [0, 2])
        msg = x.reply(s["poll"]["id"], "Owner feels Good and Fantastic!")
        mention = [e for e in msg.get("entities") or [] if e.get("_") == "messageEntityMentionName"]
        if [(e.get("offset"), e.get("length"), e.get("user_id")) for e in mention] != [(0, 5, str(x.user.id))]:
            raise ScenarioFailure(f"'Owner' is not a mention of the user (mention_html): {msg.get('entities')}")
        answers = x.updates_of("poll_answer")
        x.expect("the bot's poll_answer updates' option_ids", [a.get("option_ids") for a in answers], [[0, 2]])

    def quiz():
        # reply_poll in a private chat: PTB quotes the message only in groups (do_quote).
        msg = x.reply(x.send("/quiz"), "")
        p, _ = poll_of(msg)
        x.expect("the quiz's question", text_of(p.get("question")), "How many eggs do you need for a cake?")
        x.expect("its answers", poll_answers(p), ["1", "2", "4", "20"])
        x.expect("(quiz, public voters)", (p.get("quiz"), p.get("public_voters")), (True, None))
        s["quiz"] = msg

    def answer_quiz():
        updates = x.vote(s["quiz"], [2])
        results = [u["results"] for u in updates.get("updates", []) if u.get("_") == "updateMessagePoll"]
        if not results:
            raise ScenarioFailure(f"messages.sendVote gave no updateMessagePoll: {json.dumps(updates)[:300]}")
        chosen = [(r.get("chosen"), r.get("correct")) for r in results[-1].get("results", [])]
        x.expect("the quiz's results (chosen, correct)", chosen[2], (True, True))
        # One voter of three: receive_quiz_answer leaves the quiz open and says nothing.
        x.silence(s["quiz"]["id"], "a quiz with one voter")
        polls = [p for p in x.updates_of("poll") if p.get("question") == "How many eggs do you need for a cake?"]
        if not polls or polls[-1].get("total_voter_count") != 1 or polls[-1].get("is_closed"):
            raise ScenarioFailure(f"the bot's poll updates of the quiz: {polls}")

    def preview():
        msg = x.say("/preview", "Press the button to let the bot generate a preview for your poll")
        x.expect("the keyboard", reply_keyboard(msg), [["Press me!"]])
        button = msg["reply_markup"]["rows"][0]["buttons"][0]
        x.expect("the button's type (request_poll, either kind)", button.get("type"), {"_": "buttonTypeRequestPoll"})
        x.expect("one_time_keyboard (single_use)", msg["reply_markup"].get("single_use"), True)

    def send_poll():
        poll = {"_": "poll", "id": "0", "question": {"_": "textWithEntities", "text": "Tea or coffee?", "entities": []},
                "answers": [{"_": "pollAnswer", "text": {"_": "textWithEntities", "text": t, "entities": []},
                             "option": base64.b64encode(bytes([i])).decode()}
                            for i, t in enumerate(["Tea", "Coffee"])],
                "hash": "0"}
        msg = x.reply(x.send_media({"_": "inputMediaPoll", "poll": poll}), "")
        p, _ = poll_of(msg)
        x.expect("the preview's (question, answers)", (text_of(p.get("question")), poll_answers(p)),
                 ("Tea or coffee?", ["Tea", "Coffee"]))
        # Closed (is_closed=True), as the user's client learns with messages.getPollResults.
        # (gramd's getHistory shows every poll as open with min results; see compat/README.md.)
        updates = x.user.call("messages.getPollResults", {"peer": x.peer, "msg_id": msg["id"], "poll_hash": "0"})
        polls = [u.get("poll") or {} for u in updates.get("updates", []) if u.get("_") == "updateMessagePoll"]
        x.expect("the preview's closed flag (messages.getPollResults)", [q.get("closed") for q in polls], [True])
        if not hides_keyboard(msg):
            raise ScenarioFailure(f"the preview does not remove the keyboard: {msg.get('reply_markup')}")

    def help_():
        x.say("/help", "Use /quiz, /poll or /preview to test this bot.")

    def three_voters():
        # In a group, three people vote; after the third the bot closes the poll (stopPoll).
        group = x.basic_group("poll", ("member", "third"))
        sent = x.send(f"/poll@{x.bot_username}", group)
        poll_msg = x.reply(sent, "", group)
        choices = {"owner": [1], "member": [3], "third": [0, 1]}
        feelings = {"owner": "Owner feels Really good!", "member": "Member feels Great!",
                    "third": "Third feels Good and Really good!"}
        last = poll_msg["id"]
        for role, options in choices.items():
            seen = next(m for m in x.users[role].history(group)  # each member's own message ids
                        if (m.get("media") or {}).get("_") == "messageMediaPoll")
            x.vote(seen, options, group, role)
            last = x.reply(last, feelings[role], group)["id"]
        x.wait_updates("poll", "the stopped poll", lambda polls: any(p.get("is_closed") for p in polls))
        updates = x.user.call("messages.getPollResults",
                              {"peer": group, "msg_id": poll_msg["id"], "poll_hash": "0"})
        polls = [u for u in updates.get("updates", []) if u.get("_") == "updateMessagePoll"]
        x.expect("(closed, total voters) after the third vote",
                 [((u.get("poll") or {}).get("closed"), (u.get("results") or {}).get("total_voters"))
                  for u in polls],
                 [(True, 3)])

    return [("start", start), ("poll", poll), ("vote", vote), ("quiz", quiz), ("answer_quiz", answer_quiz),
            ("preview", preview), ("send_poll", send_poll), ("help", help_), ("three_voters", three_voters)]


def ptb_conversationbot(x: ExampleRun) -> list[Step]:
    photo = (FIXTURES / "photo.jpg").read_bytes()

    def start():
        msg = x.reply(x.send("/start"), "Hi! My name is Professor Bot. I will hold a conversation with you. "
                                         "Send /cancel to stop talking to me.\n\nAre you a boy or a girl?")
        x.expect("the keyboard", reply_keyboard(msg), [["Boy", "Girl", "Other"]])
        markup = msg["reply_markup"]
        x.expect("(single_use, placeholder)", (markup.get("single_use"), markup.get("placeholder")),
                 (True, "Boy or Girl?"))

    def gender():
        msg = x.say("Girl", "I see! Please send me a photo of yourself, so I know what you look like, "
                            "or send /skip if you don't want to.")
        if not hides_keyboard(msg):
            raise ScenarioFailure(f"the keyboard is not removed (ReplyKeyboardRemove): {msg.get('reply_markup')}")

    def photo_():
        sent = x.send_media({"_": "inputMediaUploadedPhoto", "file": x.user.upload(photo, "me.jpg")})
        x.reply(sent, "Gorgeous! Now, send me your location please, or send /skip if you don't want to.")
        saved = x.bot_cwd / "user_photo.jpg"  # download_to_drive("user_photo.jpg")
        if not saved.exists() or sha256(saved.read_bytes()) != sha256(photo):
            raise ScenarioFailure("the photo the bot downloaded (user_photo.jpg) is not the one the user sent")

    def location():
        sent = x.send_media({"_": "inputMediaGeoPoint",
                             "geo_point": {"_": "inputGeoPoint", "lat": 52.52, "long": 13.405}})
        x.reply(sent, "Maybe I can visit you sometime! At last, tell me something about yourself.")

    def bio():
        x.say("I test messengers.", "Thank you! I hope we can talk again some day.")

    def skips():
        x.reply(x.send("/start"), None)
        x.say("boy", "I see! Please send me a photo of yourself, so I know what you look like, "
                     "or send /skip if you don't want to.")
        x.say("/skip", "I bet you look great! Now, send me your location please, or send /skip.")
        x.say("/skip", "You seem a bit paranoid! At last, tell me something about yourself.")

    def cancel():
        msg = x.say("/cancel", "Bye! I hope we can talk again some day.")
        if not hides_keyboard(msg):
            raise ScenarioFailure(f"the keyboard is not removed: {msg.get('reply_markup')}")
        # The conversation is over: text is no answer to a question any more.
        x.silence(x.send("more bio"), "text outside the conversation")

    return [("start", start), ("gender", gender), ("photo", photo_), ("location", location), ("bio", bio),
            ("skips", skips), ("cancel", cancel)]


def ptb_deeplinking(x: ExampleRun) -> list[Step]:
    s = {}
    bot = x.bot_username

    def start():
        x.say("/start", f"Feel free to tell your friends about it:\n\nhttps://t.me/{bot}?startgroup=check-this-out")

    def startgroup():
        group = x.basic_group("deep links")
        sent = x.start_bot("check-this-out", group)
        msg = x.reply(sent, "Awesome, you just accessed hidden functionality! Now let's get back to the private chat.",
                      peer=group)
        x.expect("the button", inline_keyboard(msg), [[("Continue here!", "url", f"https://t.me/{bot}?start=so-cool")]])

    def so_cool():
        msg = x.reply(x.start_bot("so-cool"), "You can also mask the deep-linked URLs as links: ▶️ CLICK HERE.")
        links = [(e.get("_"), e.get("url")) for e in msg.get("entities") or []]
        x.expect("the entities", links, [("messageEntityTextUrl", f"https://t.me/{bot}?start=using-entities-here")])
        if msg.get("media"):
            raise ScenarioFailure(f"the link preview is shown although disabled: {json.dumps(msg['media'])[:200]}")

    def using_entities():
        msg = x.reply(x.start_bot("using-entities-here"),
                      "It is also possible to make deep-linking using InlineKeyboardButtons.")
        x.expect("the button", inline_keyboard(msg), [[("Like this!", "callback", "keyboard-callback-data")]])
        s["msg"] = msg

    def press():
        answer = x.press(s["msg"], "keyboard-callback-data")
        x.expect("the callback answer's url", answer.get("url"), f"https://t.me/{bot}?start=using-keyboard-here")

    def using_keyboard():
        x.reply(x.start_bot("using-keyboard-here"),
                "Congratulations! This is as deep as it gets 👏🏻\n\nThe payload was: ['using-keyboard-here']")

    return [("start", start), ("startgroup", startgroup), ("so_cool", so_cool),
            ("using_entities", using_entities), ("press", press), ("using_keyboard", using_keyboard)]


def ptb_chatmemberbot(x: ExampleRun) -> list[Step]:
    s = {}

    def private():
        x.say("hi", "Welcome Owner. Use /show_chats to see what chats I'm in.")
        x.silence(x.send("hi again"), "a second message (only the first one is greeted)")

    def admin():
        s["channel"], s["peer"] = x.supergroup("members")
        x.make_bot_admin(s["channel"])
        mine = x.wait_updates("my_chat_member", "my_chat_member updates", bool)
        time.sleep(1)  # a second one (left to member, then to administrator) would come now
        mine = x.updates_of("my_chat_member")
        x.expect("the bot's my_chat_member updates (old, new status)",
                 [(u["old_chat_member"]["status"], u["new_chat_member"]["status"]) for u in mine],
                 [("left", "administrator")])

    def join():
        s["member"] = x.invite(s["channel"], "member")
        msg = x.reply(0, "Member was added by Owner. Welcome!", peer=s["peer"])
        mentions = [(e.get("_"), e.get("user_id")) for e in msg.get("entities") or []]
        x.expect("the mentions (mention_html)", mentions,
                 [("messageEntityMentionName", str(s["member"]["id"])), ("messageEntityMentionName", str(x.user.id))])
        s["last"] = msg["id"]

    def leave():
        x.kick(s["channel"], s["member"])
        x.reply(s["last"], "Member is no longer with us. Thanks a lot, Owner ...", peer=s["peer"])

    def show_chats():
        group_id = -1000000000000 - int(s["channel"]["id"])
        x.say("/show_chats", f"@{x.bot_username} is currently in a conversation with the user IDs {x.user.id}. "
                             f"Moreover it is a member of the groups with IDs {group_id} "
                             f"and administrator in the channels with IDs .")

    return [("private", private), ("admin", admin), ("join", join), ("leave", leave), ("show_chats", show_chats)]


def ptb_inlinekeyboard(x: ExampleRun) -> list[Step]:
    s = {}

    def start():
        msg = x.say("/start", "Please choose:")
        x.expect("the keyboard", inline_keyboard(msg),
                 [[("Option 1", "callback", "1"), ("Option 2", "callback", "2")], [("Option 3", "callback", "3")]])
        s["msg"] = msg

    def press():
        answer = x.press(s["msg"], "2")
        x.expect("the callback answer (query.answer())", (answer.get("message"), answer.get("alert")), (None, None))
        msg = x.edited(s["msg"]["id"], "Selected option: 2")
        if msg.get("reply_markup"):
            raise ScenarioFailure(f"the edit kept the keyboard or has no edit_date: {json.dumps(msg)[:300]}")

    def help_():
        x.say("/help", "Use /start to test this bot.")

    return [("start", start), ("press", press), ("help", help_)]


def ptb_inlinekeyboard2(x: ExampleRun) -> list[Step]:
    s = {}

    def menu(msg: dict, data: str, text: str, buttons: list[tuple[str, str]] | None) -> dict:
        """Presses the button with callback data `data` in the menu message; the menu then
        reads `text` with these buttons (text, data), in one row (None: no keyboard)."""
        answer = x.press(msg, data)
        x.expect("the callback answer (query.answer())", answer.get("message"), None)
        edited = x.edited(msg["id"], text)
        if buttons is None:
            if edited.get("reply_markup"):
                raise ScenarioFailure(f"the last menu kept a keyboard: {edited['reply_markup']}")
        else:
            x.expect("the menu's buttons", inline_keyboard(edited), [[(t, "callback", d) for t, d in buttons]])
        return edited

    def start():
        msg = x.say("/start", "Start handler, Choose a route")
        x.expect("the menu's buttons", inline_keyboard(msg), [[("1", "callback", "0"), ("2", "callback", "1")]])
        s["msg"] = msg

    def route_two_three_end():
        msg = menu(s["msg"], "1", "Second CallbackQueryHandler, Choose a route", [("1", "0"), ("3", "2")])
        msg = menu(msg, "2", "Third CallbackQueryHandler. Do want to start over?",
                   [("Yes, let's do it again!", "0"), ("Nah, I've had enough ...", "1")])
        menu(msg, "1", "See you next time!", None)

    def route_one_four_three_again():
        msg = x.say("/start", "Start handler, Choose a route")
        msg = menu(msg, "0", "First CallbackQueryHandler, Choose a route", [("3", "2"), ("4", "3")])
        msg = menu(msg, "3", "Fourth CallbackQueryHandler, Choose a route", [("2", "1"), ("3", "2")])
        msg = menu(msg, "2", "Third CallbackQueryHandler. Do want to start over?",
                   [("Yes, let's do it again!", "0"), ("Nah, I've had enough ...", "1")])
        menu(msg, "0", "Start handler, Choose a route", [("1", "0"), ("2", "1")])

    return [("start", start), ("route_2_3_end", route_two_three_end), ("route_1_4_3_again", route_one_four_three_again)]


def set_inline(x: ExampleRun) -> None:
    """The owner turns inline mode on with @BotFather, as on Telegram."""
    x.botfather([("/setinline", "Choose a bot to change inline settings."),
                 (f"@{x.bot_username}", "This will enable inline queries for your bot. Send me the placeholder "
                                        "message for the inline mode, /empty to keep the default one, or 'Disable' "
                                        "to turn inline mode off."),
                 ("Search...", "Success! Inline settings updated. /help")])


def inline_query(x: ExampleRun, query: str) -> dict:
    return x.user.call("messages.getInlineBotResults", {"bot": input_user(x.bot_user), "peer": x.peer,
                                                        "query": query, "offset": ""}, timeout=WAIT + 5)


def send_inline_result(x: ExampleRun, results: dict, result_id: str) -> int:
    sent = x.user.call("messages.sendInlineBotResult", {"peer": x.peer, "random_id": random_id(),
                                                        "query_id": results["query_id"], "id": result_id})
    msg_id = sent_message_id(sent)
    if msg_id is None:
        raise ScenarioFailure(f"messages.sendInlineBotResult gave no message id: {json.dumps(sent)[:300]}")
    return msg_id


def ptb_inlinebot(x: ExampleRun) -> list[Step]:
    s = {}

    def commands():
        x.say("/start", "Hi!")
        x.say("/help", "Help!")

    def query():
        results = inline_query(x, "gramd <3")
        x.expect("the results' titles", [r.get("title") for r in results.get("results", [])],
                 ["Caps", "Bold", "Italic"])
        s["results"] = results

    def send_bold():
        bold = s["results"]["results"][1]
        msg = x.message(send_inline_result(x, s["results"], bold["id"]))
        x.expect("the message sent", (msg.get("message"), entity_types(msg), msg.get("via_bot_id")),
                 ("gramd <3", ["messageEntityBold"], x.bot_user["id"]))

    return [("setinline", lambda: set_inline(x)), ("commands", commands), ("query", query),
            ("send_bold", send_bold)]


# ---------------------------------------------------------------------------- aiogram


def aiogram_finite_state_machine(x: ExampleRun) -> list[Step]:
    def start():
        msg = x.say("/start", "Hi there! What's your name?")
        if not hides_keyboard(msg):
            raise ScenarioFailure(f"the keyboard is not removed: {msg.get('reply_markup')}")

    def name():
        msg = x.say("Ada", "Nice to meet you, Ada!\nDid you like to write bots?")
        x.expect("the keyboard", reply_keyboard(msg), [["Yes", "No"]])
        x.expect("resize_keyboard", msg["reply_markup"].get("resize"), True)

    def unknown():
        x.say("Maybe", "I don't understand you :(", quoted=True)

    def yes():
        x.say("yes", "Cool! I'm too!\nWhat programming language did you use for it?", quoted=True)

    def language():
        sent = x.send("Python")
        first, second = x.replies(sent, 2, "the two answers to 'Python'")
        x.expect_text(first, "Python, you say? That's the language that makes my circuits light up! 😉")
        x.expect_reply_to(first, sent)
        x.expect_text(second, "I'll keep in mind that, Ada, you like to write bots with Python.")

    def no():
        x.say("/start", "Hi there! What's your name?")
        x.say("Bob", "Nice to meet you, Bob!\nDid you like to write bots?")
        sent = x.send("No")
        first, second = x.replies(sent, 2, "the two answers to 'No'")
        x.expect_text(first, "Not bad not terrible.\nSee you soon.")
        x.expect_text(second, "I'll keep in mind that, Bob, you don't like to write bots, so sad...")

    def cancel():
        x.say("/start", "Hi there! What's your name?")
        x.say("cancel", "Cancelled.")
        x.silence(x.send("/cancel"), "/cancel without a state")

    return [("start", start), ("name", name), ("unknown", unknown), ("yes", yes), ("language", language),
            ("no", no), ("cancel", cancel)]


QUIZ = [("What is the capital of France?", "Paris"), ("What is the capital of Spain?", "Madrid"),
        ("What is the capital of Germany?", "Berlin"), ("What is the capital of England?", "London"),
        ("What is the capital of Italy?", "Rome")]


def aiogram_quiz_scene(x: ExampleRun) -> list[Step]:
    def question(msg: dict, step: int, answers: list[str]) -> None:
        x.expect_text(msg, QUIZ[step][0])
        buttons = answers + (["🔙 Back"] if step > 0 else []) + ["🚫 Exit"]
        x.expect("the keyboard (adjust(2))", reply_keyboard(msg), [buttons[i:i + 2] for i in range(0, len(buttons), 2)])

    def start():
        x.say("/start", "Hi! This is a quiz bot. To start the quiz, use the /quiz command.")

    def enter():
        sent = x.send("/quiz")
        welcome, first = x.replies(sent, 2, "the welcome and the first question")
        x.expect_text(welcome, "Welcome to the quiz!")
        question(first, 0, ["Paris", "London", "Berlin", "Madrid"])

    def answer():
        question(x.reply(x.send("Paris"), None), 1, ["Paris", "London", "Berlin", "Madrid"])

    def back():
        sent = x.send("🔙 Back")
        welcome, first = x.replies(sent, 2, "the first question again")
        x.expect_text(welcome, "Welcome to the quiz!")
        question(first, 0, ["Paris", "London", "Berlin", "Madrid"])

    def more():
        question(x.reply(x.send("Paris"), None), 1, ["Paris", "London", "Berlin", "Madrid"])
        question(x.reply(x.send("Madrid"), None), 2, ["Paris", "London", "Berlin", "Madrid"])
        question(x.reply(x.send("London"), None), 3, ["Paris", "London", "Berlin", "Madrid"])

    def not_text():
        sent = x.send_media({"_": "inputMediaGeoPoint", "geo_point": {"_": "inputGeoPoint", "lat": 1.0, "long": 2.0}})
        x.reply(sent, "Please select an answer.")

    def exit_():
        msg = x.reply(x.send("🚫 Exit"), "Your answers:\n"
                      "1. What is the capital of France? (✅ Paris)\n"
                      "2. What is the capital of Spain? (✅ Madrid)\n"
                      "3. What is the capital of Germany? (❌ London)\n"
                      "4. What is the capital of England? (❌ no answer)\n"
                      "5. What is the capital of Italy? (❌ no answer)\n\n"
                      "Summary:\nCorrect: 2\nIncorrect: 3")
        x.expect("the entities", entity_types(msg), ["messageEntityBold"] * 4)
        if not hides_keyboard(msg):
            raise ScenarioFailure(f"the keyboard is not removed: {msg.get('reply_markup')}")
        x.silence(x.send("Paris"), "an answer after the quiz")

    return [("start", start), ("enter", enter), ("answer", answer), ("back", back), ("more", more),
            ("not_text", not_text), ("exit", exit_)]


def aiogram_specify_updates(x: ExampleRun) -> list[Step]:
    s = {}

    def start():
        msg = x.say("/start", "Hello, Owner!")
        x.expect("the entities", [(e.get("_"), e.get("offset"), e.get("length")) for e in msg.get("entities") or []],
                 [("messageEntityBold", 7, 5)])
        x.expect("the keyboard", inline_keyboard(msg), [[("Tap me, bro", "callback", "*")]])
        s["msg"] = msg

    def tap():
        x.expect("the callback answer", x.press(s["msg"], "*").get("message"), "Yeah good, now I'm fine")

    def edit():
        sent = x.send("helo")
        x.silence(sent, "a message (it handles only commands)")
        x.user.call("messages.editMessage", {"peer": x.peer, "id": sent, "message": "hello"})
        x.reply(sent, "Message was edited, Big Brother watches you", reply_to=sent)

    def promoted():
        s["channel"], s["peer"] = x.supergroup("updates")
        x.user.call("channels.inviteToChannel", {"channel": input_channel(s["channel"]),
                                                 "users": [input_user(x.bot_user)]})
        x.silence(0, "being added (a join transition)", s["peer"])
        x.make_bot_admin(s["channel"])
        msg = x.reply(0, "This Bot`s status was changed from member to administrator", peer=s["peer"])
        x.expect("the entities", entity_types(msg), ["messageEntityBold", "messageEntityBold"])
        s["last"] = msg["id"]

    def member():
        x.invite(s["channel"], "member")
        msg = x.reply(s["last"], f"Member {x.user.id} was changed from left to member", peer=s["peer"])
        x.expect("the entities", entity_types(msg), ["messageEntityCode"])

    return [("start", start), ("tap", tap), ("edit", edit), ("promoted", promoted), ("member", member)]


def aiogram_scene(x: ExampleRun) -> list[Step]:
    s = {}
    asked_name = "Hi there! What's your name?"
    asked_bots = "Did you like to write bots?"

    def texts(sent: int, count: int, what: str) -> list[dict]:
        return x.replies(sent, count, what)

    def default():
        back_home(x.reply(x.send("hello"), None))

    def demo():
        msg = x.say("/demo", "Demo started")
        x.expect("the button", inline_keyboard(msg), [[("Go to form", "callback", "start")]])
        s["demo"] = msg

    def go_to_form():
        # demo_callback answers the query, then the scene's on_enter_callback answers it a
        # second time, which Telegram refuses: the example's scene is entered (its state
        # set) but its question never sent. The user sees the button go and nothing else.
        before = len(answers())
        x.press(s["demo"], "start")
        deadline = time.monotonic() + WAIT
        while x.message(s["demo"]["id"]).get("reply_markup"):
            if time.monotonic() > deadline:
                raise ScenarioFailure("the demo's button was not removed (delete_reply_markup)")
            time.sleep(0.2)
        deadline = time.monotonic() + WAIT
        while len(answers()) < before + 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        x.silence(s["demo"]["id"], "the callback (its second answerCallbackQuery fails)")
        x.expect("the example's answerCallbackQuery results", answers()[before:],
                 [{"ok": True, "result": True},
                  {"ok": False, "error_code": 400,
                   "description": "Bad Request: query is too old and response timeout expired or query ID is invalid"}])

    def answers() -> list:
        with x.proxy.lock:
            return [b for m, b in x.proxy.records if m.lower() == "answercallbackquery"]

    def name():
        sent = x.send("Ada")
        left, entered = texts(sent, 2, "leaving the name scene and entering the next")
        x.expect_text(left, "Nice to meet you, Ada!")
        x.expect_text(entered, asked_bots)
        x.expect("the keyboard", reply_keyboard(entered), [["Yes", "No"], ["🔙 Back", "❌ Cancel"]])

    def unknown():
        x.say("maybe", "I don't understand you :(")

    # The scenes' Back and Cancel handlers come from CancellableScene; aiogram orders a
    # scene's own handlers first, so each scene's catch-all handler takes those buttons
    # (as on Telegram: this is the example's behaviour, not the server's).
    def back():
        x.say("🔙 Back", "I don't understand you :(")

    def yes():
        sent = x.send("yes")
        cool, language = texts(sent, 2, "'Cool!' and the language question")
        x.expect_text(cool, "Cool! I'm too!")
        x.expect_reply_to(cool, sent)
        x.expect_text(language, "What language do you prefer?")
        x.expect("the keyboard", reply_keyboard(language), [["🔙 Back", "❌ Cancel"]])

    def python():
        sent = x.send("Python")
        light, summary, default_scene = texts(sent, 3, "two answers to 'Python' and the default scene again")
        x.expect_text(light, "Python, you say? That's the language that makes my circuits light up! 😉")
        x.expect_text(summary, "I'll keep in mind that, Ada, you like to write bots with Python.")
        if not hides_keyboard(summary):
            raise ScenarioFailure(f"the keyboard is not removed: {summary.get('reply_markup')}")
        # Leaving the last scene (After.exit()) enters the default scene, which greets.
        back_home(default_scene)

    def back_home(msg: dict) -> None:
        x.expect_text(msg, "Start demo?\nYou can also start demo via command /demo")
        x.expect("the keyboard", reply_keyboard(msg), [["Demo"]])

    def demo_again():
        msg = x.say("Demo", asked_name)
        x.expect("the keyboard", reply_keyboard(msg), [["❌ Cancel"]])
        sent = x.send("❌ Cancel")
        left, entered = texts(sent, 2, "'❌ Cancel' taken as a name")
        x.expect_text(left, "Nice to meet you, ❌ Cancel!")
        x.expect_text(entered, asked_bots)
        sent = x.send("No")
        bye, default_scene = texts(sent, 2, "the answer to 'No' and the default scene again")
        x.expect_text(bye, "Not bad not terrible.\nSee you soon.")
        if not hides_keyboard(bye):
            raise ScenarioFailure(f"the keyboard is not removed: {bye.get('reply_markup')}")
        back_home(default_scene)

    return [("default", default), ("demo", demo), ("go_to_form", go_to_form), ("name", name),
            ("unknown", unknown), ("back", back), ("yes", yes), ("python", python), ("demo_again", demo_again)]


def aiogram_multi_file_bot(x: ExampleRun) -> list[Step]:
    def start():
        msg = x.say("/start", "Hello, Owner!")
        x.expect("the entities", [(e.get("_"), e.get("offset"), e.get("length")) for e in msg.get("entities") or []],
                 [("messageEntityBold", 7, 6)])

    def text():
        x.say("copy me", "copy me")

    def photo():
        data = (FIXTURES / "photo.jpg").read_bytes()
        sent = x.send_media({"_": "inputMediaUploadedPhoto", "file": x.user.upload(data, "p.jpg")})
        msg = x.reply(sent, "")
        if (msg.get("media") or {}).get("_") != "messageMediaPhoto":
            raise ScenarioFailure(f"the copy is not a photo: {json.dumps(msg.get('media'))[:300]}")
        original = x.message(sent)
        x.expect("the copy's photo id", msg["media"]["photo"]["id"], original["media"]["photo"]["id"])

    def location():
        sent = x.send_media({"_": "inputMediaGeoPoint",
                             "geo_point": {"_": "inputGeoPoint", "lat": 48.8566, "long": 2.3522}})
        geo = (x.reply(sent, "").get("media") or {}).get("geo") or {}
        x.expect("the copied location", (round(geo.get("lat", 0), 4), round(geo.get("long", 0), 4)), (48.8566, 2.3522))

    def contact():
        sent = x.send_media({"_": "inputMediaContact", "phone_number": "+15550001122", "first_name": "Grace",
                             "last_name": "Hopper", "vcard": ""})
        media = x.reply(sent, "").get("media") or {}
        x.expect("the copied contact", (media.get("_"), media.get("phone_number"), media.get("first_name")),
                 ("messageMediaContact", "+15550001122", "Grace"))

    def dice():
        sent = x.send_media({"_": "inputMediaDice", "emoticon": "🎲"})
        media = x.reply(sent, "").get("media") or {}
        # send_copy of a dice sends a new one (its value cannot be chosen).
        x.expect("the copy", (media.get("_"), media.get("emoticon")), ("messageMediaDice", "🎲"))
        if media.get("value") not in range(1, 7):
            raise ScenarioFailure(f"the dice's value is {media.get('value')!r}")

    def poll():
        question = {"_": "textWithEntities", "text": "Copy this poll?", "entities": []}
        answers = [{"_": "pollAnswer", "text": {"_": "textWithEntities", "text": t, "entities": []},
                    "option": base64.b64encode(bytes([i])).decode()} for i, t in enumerate(["Yes", "No"])]
        sent = x.send_media({"_": "inputMediaPoll", "poll": {"_": "poll", "id": "0", "question": question,
                                                             "answers": answers, "hash": "0"}})
        p, _ = poll_of(x.reply(sent, ""))
        x.expect("the copied poll", (text_of(p.get("question")), poll_answers(p)), ("Copy this poll?", ["Yes", "No"]))

    return [("start", start), ("text", text), ("photo", photo), ("location", location), ("contact", contact),
            ("dice", dice), ("poll", poll)]


# ---------------------------------------------------------------------------- pyTelegramBotAPI


def telebot_custom_states(x: ExampleRun) -> list[Step]:
    def start():
        x.say("/start", "Hello! What is your first name?", quoted=True)

    def name():
        x.say("Ada", "How old are you?", quoted=True)

    def bad_age():
        x.say("old enough", "Please enter a valid number for age.", quoted=True)

    def age():
        msg = x.say("36", "What is your favorite color? Choose from the options below.", quoted=True)
        x.expect("the keyboard (row_width=2)", reply_keyboard(msg),
                 [["Red", "Green"], ["Blue", "Yellow"], ["Purple", "Orange"], ["Other"]])

    def color():
        msg = x.say("Blue", "What is one of your hobbies? Choose from the options below.", quoted=True)
        x.expect("the keyboard", reply_keyboard(msg), [["Reading", "Traveling"], ["Gaming", "Cooking"]])

    def hobby():
        x.say("Gaming", "Thank you for sharing! Here is a summary of your information:\n"
                        "First Name: Ada\nAge: 36\nFavorite Color: Blue\n"
                        "Fun Fact about your color: Blue is known for its calming and serene effects.\n"
                        "Favorite Hobby: Gaming", quoted=True)
        x.silence(x.send("Gaming"), "a message after the states were deleted")

    def cancel():
        x.say("/start", "Hello! What is your first name?", quoted=True)
        x.say("/cancel", "Your information has been cleared. Type /start to begin again.", quoted=True)
        x.silence(x.send("Ada"), "a name after /cancel")

    return [("start", start), ("name", name), ("bad_age", bad_age), ("age", age), ("color", color),
            ("hobby", hobby), ("cancel", cancel)]


def telebot_step_example(x: ExampleRun) -> list[Step]:
    def start():
        # The example's text ends in a newline, which Telegram trims from a message.
        x.say("/start", "Hi there, I am Example bot.\nWhat's your name?", quoted=True)

    def name():
        x.say("Ada", "How old are you?", quoted=True)

    def bad_age():
        x.say("thirty-six", "Age should be a number. How old are you?", quoted=True)

    def age():
        msg = x.say("36", "What is your gender", quoted=True)
        x.expect("the keyboard", reply_keyboard(msg), [["Male", "Female"]])
        x.expect("one_time_keyboard (single_use)", msg["reply_markup"].get("single_use"), True)

    def gender():
        x.say("Female", "Nice to meet you Ada\n Age:36\n Sex:Female")

    def unknown_gender():
        x.say("/help", "Hi there, I am Example bot.\nWhat's your name?", quoted=True)
        x.say("Bo", "How old are you?", quoted=True)
        x.say("7", "What is your gender", quoted=True)
        x.say("Robot", "oooops", quoted=True)

    return [("start", start), ("name", name), ("bad_age", bad_age), ("age", age), ("gender", gender),
            ("unknown_gender", unknown_gender)]


def telebot_poll_example(x: ExampleRun) -> list[Step]:
    s = {}

    def poll():
        sent = x.send("/poll")
        text, msg = x.replies(sent, 2, "the text and the quiz")
        x.expect_text(text, "English Article Test")
        p, _ = poll_of(msg)
        x.expect("the quiz (question, answers, quiz, public voters)",
                 (text_of(p.get("question")), poll_answers(p), p.get("quiz"), p.get("public_voters")),
                 ("We are going to '' park.", ["a", "an", "the", "-"], True, True))
        s["quiz"] = msg

    def vote():
        updates = x.vote(s["quiz"], [2])
        results = [u["results"] for u in updates.get("updates", []) if u.get("_") == "updateMessagePoll"]
        if not results:
            raise ScenarioFailure(f"messages.sendVote gave no updateMessagePoll: {json.dumps(updates)[:300]}")
        x.expect("the results (chosen, correct) of 'the'",
                 [(r.get("chosen"), r.get("correct")) for r in results[-1].get("results", [])][2], (True, True))
        x.silence(s["quiz"]["id"], "a vote (its poll_answer handler does nothing)")
        answers = x.updates_of("poll_answer")
        x.expect("the bot's poll_answer updates (user, option_ids)",
                 [(a.get("user", {}).get("id"), a.get("option_ids")) for a in answers], [(x.user.id, [2])])

    return [("poll", poll), ("vote", vote)]


def telebot_deep_linking(x: ExampleRun) -> list[Step]:
    def plain():
        x.say("/start", "Please visit me via a provided URL from the website.", quoted=True)

    def link():
        sent = x.start_bot("a1b2c3")
        x.reply(sent, "Hello ABC, how are you?", reply_to=sent)
        started = x.message(sent)
        x.expect("what the user sent by opening the link", started.get("message"), "/start a1b2c3")

    return [("plain", plain), ("link", link)]


def telebot_chat_member_example(x: ExampleRun) -> list[Step]:
    s = {}

    def added_as_member():
        group = x.basic_group("leave me")
        x.reply(0, "Somebody added me to group", peer=group)
        full = x.user.call("messages.getFullChat", {"chat_id": group["chat_id"]})
        participants = (full.get("full_chat", {}).get("participants") or {}).get("participants") or []
        if any(p.get("user_id") == x.bot_user["id"] for p in participants):
            raise ScenarioFailure("the bot is still in the group after bot.leave_chat()")

    def added_as_admin():
        s["channel"], s["peer"] = x.supergroup("welcome")
        x.make_bot_admin(s["channel"])
        x.silence(0, "being made an administrator (only 'member' is greeted)", s["peer"])

    def welcome():
        x.invite(s["channel"], "member")
        x.reply(0, "Hello Member!", peer=s["peer"])

        def service_kept():
            result = x.user.call("messages.getHistory", {
                "peer": s["peer"], "offset_id": 0, "offset_date": 0, "add_offset": 0, "limit": 20,
                "max_id": 0, "min_id": 0, "hash": "0"})
            return [m for m in result.get("messages", []) if m.get("_") == "messageService"
                    and m.get("action", {}).get("_") == "messageActionChatAddUser"]

        deadline = time.monotonic() + WAIT
        while service_kept() and time.monotonic() < deadline:
            time.sleep(0.2)
        if service_kept():
            raise ScenarioFailure(f"the 'joined' service message was not deleted (delall): {service_kept()}")

    return [("added_as_member", added_as_member), ("added_as_admin", added_as_admin), ("welcome", welcome)]


def telebot_inline_example(x: ExampleRun) -> list[Step]:
    s = {}

    def text():
        results = inline_query(x, "text")
        x.expect("the results (id, title)", [(r.get("id"), r.get("title")) for r in results.get("results", [])],
                 [("1", "Result1"), ("2", "Result2")])
        s["results"] = results

    def send():
        msg = x.message(send_inline_result(x, s["results"], "1"))
        x.expect("the message sent (text, via_bot_id)", (msg.get("message"), msg.get("via_bot_id")),
                 ("hi", x.bot_user["id"]))

    def empty():
        results = inline_query(x, "")
        x.expect("the results of an empty query", [r.get("title") for r in results.get("results", [])], ["default"])

    return [("setinline", lambda: set_inline(x)), ("text", text), ("send", send), ("empty", empty)]


def telebot_message_reaction_example(x: ExampleRun) -> list[Step]:
    s = {}

    def reacted():
        sent = x.send("react to this")
        deadline = time.monotonic() + WAIT
        while True:
            msg = x.message(sent)
            reactions = [r.get("reaction", {}).get("emoticon")
                         for r in (msg.get("reactions") or {}).get("results", [])]
            if reactions:
                break
            if time.monotonic() > deadline:
                raise ScenarioFailure("the bot set no reaction on the user's message")
            time.sleep(0.2)
        if reactions[0] not in ("🔥", "🤗", "😎") or len(reactions) != 1:
            raise ScenarioFailure(f"the reactions on the user's message are {reactions}")
        s["sent"] = sent

    def react():
        x.user.call("messages.sendReaction", {"peer": x.peer, "msg_id": s["sent"],
                                              "reaction": [{"_": "reactionEmoji", "emoticon": "👍"}]})
        x.reply(s["sent"], "You changed the reaction from [] to ['👍']", reply_to=s["sent"])

    return [("reacted", reacted), ("react", react)]



# What each example shows, step by step: the table in compat/README.md.
EXAMPLES = [
    Example("ptb/pollbot", "ptb", "pollbot.py", ptb_pollbot),
    Example("ptb/conversationbot", "ptb", "conversationbot.py", ptb_conversationbot),
    Example("ptb/deeplinking", "ptb", "deeplinking.py", ptb_deeplinking),
    Example("ptb/chatmemberbot", "ptb", "chatmemberbot.py", ptb_chatmemberbot),
    Example("ptb/inlinekeyboard", "ptb", "inlinekeyboard.py", ptb_inlinekeyboard),
    Example("ptb/inlinekeyboard2", "ptb", "inlinekeyboard2.py", ptb_inlinekeyboard2),
    Example("ptb/inlinebot", "ptb", "inlinebot.py", ptb_inlinebot),
    Example("aiogram/finite_state_machine", "aiogram", "finite_state_machine.py", aiogram_finite_state_machine),
    Example("aiogram/quiz_scene", "aiogram", "quiz_scene.py", aiogram_quiz_scene),
    Example("aiogram/specify_updates", "aiogram", "specify_updates.py", aiogram_specify_updates),
    Example("aiogram/scene", "aiogram", "scene.py", aiogram_scene),
    Example("aiogram/multi_file_bot", "aiogram", "multi_file_bot/bot.py", aiogram_multi_file_bot),
    Example("telebot/custom_states", "telebot", "custom_states.py", telebot_custom_states),
    Example("telebot/step_example", "telebot", "step_example.py", telebot_step_example),
    Example("telebot/poll_example", "telebot", "poll_example.py", telebot_poll_example),
    Example("telebot/deep_linking", "telebot", "deep_linking.py", telebot_deep_linking),
    Example("telebot/chat_member_example", "telebot", "chat_member_example.py", telebot_chat_member_example),
    Example("telebot/inline_example", "telebot", "inline_example.py", telebot_inline_example),
    Example("telebot/message_reaction_example", "telebot", "message_reaction_example.py",
            telebot_message_reaction_example),
]
